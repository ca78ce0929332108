package vn.hocba.lrs.xapi;

import java.util.Arrays;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * Cross-origin access for browser clients (xAPI 1.0.3 Communication 1.3.s1 and Appendix C: the xAPI
 * is meant to be used cross-domain). Preflight requests are answered here, before {@link
 * XapiRequestFilter}, so they need no credentials; a request from an origin not allowed gets no
 * CORS headers (and Spring answers 403).
 *
 * <p>Credentials mode is never allowed: xAPI clients send {@code Authorization} as an explicit
 * request header, which only needs to be an allowed header; allowing credentials would let any
 * allowed page reuse Basic credentials a browser has cached for the LRS. That is also what makes
 * the default {@code *} safe: a page can only call the LRS with credentials it already holds.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class XapiCorsFilter extends CorsFilter {

  static final List<String> ALLOWED_HEADERS =
      List.of(
          "Authorization",
          "Content-Type",
          XapiRequestFilter.VERSION_HEADER,
          "If-Match",
          "If-None-Match");
  static final List<String> EXPOSED_HEADERS =
      List.of(
          "ETag", "Last-Modified", XapiRequestFilter.VERSION_HEADER, StatementConsistency.HEADER);

  XapiCorsFilter(@Value("${lrs.cors.allowed-origins:*}") String allowedOrigins) {
    super(source(allowedOrigins));
  }

  private static UrlBasedCorsConfigurationSource source(String allowedOrigins) {
    List<String> origins =
        Arrays.stream(allowedOrigins.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .toList();
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    if (origins.isEmpty()) {
      return source; // no origin allowed: no CORS headers at all
    }
    CorsConfiguration c = new CorsConfiguration();
    c.setAllowedOrigins(origins);
    c.setAllowCredentials(false);
    c.setAllowedMethods(List.of("GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS"));
    c.setAllowedHeaders(ALLOWED_HEADERS);
    c.setExposedHeaders(EXPOSED_HEADERS);
    c.setMaxAge(1800L);
    source.registerCorsConfiguration("/xapi/**", c);
    return source;
  }
}
