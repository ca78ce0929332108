package vn.hocba.lrs.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Browser hardening of the LRS's own HTML pages: a page-specific Content-Security-Policy, no MIME
 * sniffing, no Referer, never framed. A subclass names its CSP and which paths are its pages.
 */
public abstract class PageHeadersFilter extends OncePerRequestFilter {

  private final String csp;

  protected PageHeadersFilter(String csp) {
    this.csp = csp;
  }

  /** Whether a path (without the context path) is one of this filter's pages. */
  protected abstract boolean covers(String path);

  @Override
  protected final boolean shouldNotFilter(HttpServletRequest request) {
    return !covers(request.getRequestURI().substring(request.getContextPath().length()));
  }

  @Override
  protected final void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    response.setHeader("Content-Security-Policy", csp);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader("X-Frame-Options", "DENY");
    chain.doFilter(request, response);
  }
}
