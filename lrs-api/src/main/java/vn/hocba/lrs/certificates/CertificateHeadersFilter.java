package vn.hocba.lrs.certificates;

import org.springframework.stereotype.Component;
import vn.hocba.lrs.web.PageHeadersFilter;

/**
 * Browser hardening for the public certificate pages: no script at all, styles and images from this
 * origin only (the QR code is inline SVG), never framed, no referrer.
 */
@Component
class CertificateHeadersFilter extends PageHeadersFilter {

  static final String CSP =
      "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none';"
          + " form-action 'none'; frame-ancestors 'none'";

  CertificateHeadersFilter() {
    super(CSP);
  }

  @Override
  protected boolean covers(String path) {
    return path.startsWith("/certificates/") || path.startsWith("/verify/");
  }
}
