package vn.hocba.lrs.xapi;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import vn.hocba.lrs.security.Credentials;
import vn.hocba.lrs.security.Principal;
import vn.hocba.lrs.web.Errors;
import vn.hocba.xapi.model.XapiVersion;

/**
 * Every request under /xapi: HTTP Basic authentication (Communication 4.0: 401 for missing,
 * malformed or wrong credentials) and the X-Experience-API-Version header (Communication 3.3: 400
 * when missing or unsupported), except for the About resource, which is open.
 */
@Component
class XapiRequestFilter extends OncePerRequestFilter {

  static final String VERSION_HEADER = "X-Experience-API-Version";
  static final String VERSION_ATTRIBUTE = "vn.hocba.lrs.xapiVersion";

  private final Credentials credentials;
  private final StatementConsistency consistency;

  private final XapiVersion unversioned;

  /**
   * @param unversioned the version named in the answer to a request that sent no version header:
   *     1.0.3 and 2.0 each want their own there, so it is a setting
   */
  XapiRequestFilter(
      Credentials credentials,
      StatementConsistency consistency,
      @org.springframework.beans.factory.annotation.Value(
              "${lrs.xapi.unversioned-response-version:2.0.0}")
          String unversioned) {
    this.credentials = credentials;
    this.consistency = consistency;
    this.unversioned =
        XapiVersion.fromHeader(unversioned)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "lrs.xapi.unversioned-response-version must be 1.0.3 or 2.0.0"));
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getRequestURI().startsWith(request.getContextPath() + "/xapi");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    boolean about = path.equals("/xapi/about") || path.equals("/xapi/about/");
    Optional<XapiVersion> version = XapiVersion.fromHeader(request.getHeader(VERSION_HEADER));
    response.setHeader(VERSION_HEADER, version.orElse(unversioned).header());
    if (path.startsWith("/xapi/statements")) {
      // Communication 2.1.3.s2.b5: on every response of the Statement Resource, errors too
      response.setHeader(StatementConsistency.HEADER, consistency.header());
    }
    if ("OPTIONS".equals(request.getMethod())) {
      chain.doFilter(request, response);
      return;
    }
    if (about) {
      chain.doFilter(request, response);
      return;
    }
    Optional<Principal> principal = authenticate(request.getHeader("Authorization"));
    if (principal.isEmpty()) {
      response.setHeader("WWW-Authenticate", "Basic realm=\"xAPI\"");
      Errors.write(response, HttpStatus.UNAUTHORIZED, "missing, malformed or unknown credentials");
      return;
    }
    if (version.isEmpty()) {
      String sent = request.getHeader(VERSION_HEADER);
      Errors.write(
          response,
          HttpStatus.BAD_REQUEST,
          sent == null
              ? "the X-Experience-API-Version header is required"
              : "unsupported X-Experience-API-Version; this LRS speaks 1.0.x and 2.0.x");
      return;
    }
    request.setAttribute(Principal.ATTRIBUTE, principal.get());
    request.setAttribute(VERSION_ATTRIBUTE, version.get());
    chain.doFilter(request, response);
  }

  private Optional<Principal> authenticate(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      return Optional.empty();
    }
    return credentials.authenticate(decoded.substring(0, colon), decoded.substring(colon + 1));
  }
}
