package vn.hocba.lrs.webui;

import org.springframework.stereotype.Component;
import vn.hocba.lrs.web.PageHeadersFilter;

/**
 * Browser hardening for the dashboard pages: a Content-Security-Policy that allows only this
 * origin's own scripts, styles and API (no inline script or style, no framing), no MIME sniffing
 * and no Referer (a person's page has their key in the URL fragment, which is never sent, but the
 * path may name a locality).
 */
@Component
class DashboardHeadersFilter extends PageHeadersFilter {

  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:;"
          + " connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none';"
          + " form-action 'self'; frame-ancestors 'none'";

  DashboardHeadersFilter() {
    super(CSP);
  }

  @Override
  protected boolean covers(String path) {
    return path.equals("/dashboard") || path.startsWith("/dashboard/");
  }
}
