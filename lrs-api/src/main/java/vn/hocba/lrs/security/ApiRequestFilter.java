package vn.hocba.lrs.security;

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
import vn.hocba.lrs.web.Errors;

/**
 * HTTP Basic authentication for the JSON APIs outside xAPI: {@code /api/**} (dashboards, rosters)
 * and {@code /admin/**} (operations). 401 with a JSON message when credentials are missing,
 * malformed or wrong; which scope an endpoint needs is checked by the endpoint ({@link
 * Principal#require}).
 */
@Component
class ApiRequestFilter extends OncePerRequestFilter {

  private final Credentials credentials;

  ApiRequestFilter(Credentials credentials) {
    this.credentials = credentials;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return !(path.startsWith("/api/") || path.startsWith("/admin/"));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    // progress and people are personal data: never kept by a browser or a shared cache
    response.setHeader("Cache-Control", "no-store");
    Optional<Principal> principal = basic(credentials, request.getHeader("Authorization"));
    if (principal.isEmpty()) {
      response.setHeader("WWW-Authenticate", "Basic realm=\"Hocba\"");
      Errors.write(response, HttpStatus.UNAUTHORIZED, "missing, malformed or unknown credentials");
      return;
    }
    request.setAttribute(Principal.ATTRIBUTE, principal.get());
    chain.doFilter(request, response);
  }

  /** The principal of an HTTP Basic Authorization header, if it names a valid credential. */
  static Optional<Principal> basic(Credentials credentials, String header) {
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
