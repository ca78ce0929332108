package vn.hocba.lrs.certificates;

import static vn.hocba.lrs.certificates.Html.esc;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import vn.hocba.certificates.CompletionCertificate;
import vn.hocba.certificates.CompletionCertificate.Check;
import vn.hocba.lrs.certificates.CertificateVerifier.Verification;

/**
 * The printable certificate page and the verification page: Vietnamese first, English second, no
 * script, one same-origin style sheet; they show only what the certificate itself shows.
 */
final class CertificatePages {

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("dd/MM/yyyy").withZone(ZoneOffset.UTC);

  private CertificatePages() {}

  static String certificate(CompletionCertificate c, String verifyUrl, String fileUrl) {
    StringBuilder b = head("Chứng nhận hoàn thành / Certificate of completion");
    b.append("<main class=\"certificate\">");
    b.append("<h1>Chứng nhận hoàn thành<span class=\"en\">Certificate of completion</span></h1>");
    b.append("<p class=\"lead\">Chứng nhận / This certifies that</p>");
    b.append("<p class=\"learner\">")
        .append(esc(c.learner().name() == null ? c.learner().key() : c.learner().name()))
        .append("</p>");
    b.append("<p class=\"lead\">đã hoàn thành chương trình / has completed the programme</p>");
    b.append("<p class=\"programme\">")
        .append(esc(c.programme().name().vi()))
        .append("<span class=\"en\">")
        .append(esc(c.programme().name().en()))
        .append("</span></p>");
    b.append("<dl>");
    row(b, "Nhóm", "Group", esc(c.group().name().vi()) + " / " + esc(c.group().name().en()));
    row(b, "Ngày hoàn thành", "Completed on", esc(DAY.format(c.completedAt())));
    row(b, "Ngày cấp", "Issued on", esc(DAY.format(c.issuedAt())));
    row(b, "Người học", "Learner", "<code>" + esc(c.learner().key()) + "</code>");
    row(b, "Mã chứng nhận", "Certificate id", "<code>" + esc(c.id()) + "</code>");
    b.append("</dl>");
    rule(b, c);
    b.append("<figure class=\"qr-box\">")
        .append(QrSvg.of(verifyUrl, "QR: " + verifyUrl))
        .append("<figcaption>Quét để kiểm tra / Scan to verify<br><a href=\"")
        .append(esc(verifyUrl))
        .append("\">")
        .append(esc(verifyUrl))
        .append("</a></figcaption></figure>");
    b.append("<p class=\"file\"><a href=\"")
        .append(esc(fileUrl))
        .append("\">Tệp chứng nhận có chữ ký / Signed certificate file (JSON)</a></p>");
    b.append("</main></body></html>");
    return b.toString();
  }

  static String verification(Verification v, String certificateUrl) {
    CompletionCertificate c = v.certificate();
    StringBuilder b = head("Kiểm tra chứng nhận / Certificate verification");
    b.append("<main class=\"verify\">");
    b.append("<h1>Kiểm tra chứng nhận<span class=\"en\">Certificate verification</span></h1>");
    String cls = v.valid() ? "ok" : "bad";
    String vi;
    String en;
    if (!v.genuine()) {
      vi = "KHÔNG XÁC THỰC: chứng nhận này không khớp với chữ ký hoặc nhật ký của LRS.";
      en = "NOT GENUINE: this certificate does not match the LRS's signatures or log.";
    } else if (v.valid()) {
      vi = "HỢP LỆ: chứng nhận là thật và vẫn còn hiệu lực.";
      en = "VALID: the certificate is genuine and still valid.";
    } else {
      vi = "HẾT HIỆU LỰC: chứng nhận là thật nhưng không còn hiệu lực.";
      en = "NO LONGER VALID: the certificate is genuine but no longer valid.";
    }
    b.append("<p class=\"status ")
        .append(cls)
        .append("\" role=\"status\">")
        .append(vi)
        .append("<span class=\"en\">")
        .append(en)
        .append("</span></p>");
    if (!v.voided().isEmpty()) {
      b.append("<ul class=\"voided\">");
      for (CertificateVerifier.Voided x : v.voided()) {
        b.append("<li>Statement <code>")
            .append(esc(x.statementId()))
            .append("</code> đã bị hủy (voided) lúc / was voided at ")
            .append(esc(String.valueOf(x.at())))
            .append("</li>");
      }
      b.append("</ul>");
    }
    if (Boolean.FALSE.equals(v.meetsRuleNow())) {
      b.append(
          "<p>Người học hiện không còn đáp ứng điều kiện hoàn thành."
              + "<span class=\"en\">The learner no longer meets the completion rule.</span></p>");
    }
    b.append("<dl>");
    row(
        b,
        "Người học",
        "Learner",
        esc(c.learner().name()) + " <code>" + esc(c.learner().key()) + "</code>");
    row(
        b,
        "Chương trình",
        "Programme",
        esc(c.programme().name().vi()) + " / " + esc(c.programme().name().en()));
    row(b, "Nhóm", "Group", esc(c.group().name().vi()) + " / " + esc(c.group().name().en()));
    row(b, "Ngày hoàn thành", "Completed on", esc(DAY.format(c.completedAt())));
    row(b, "Ngày cấp", "Issued on", esc(DAY.format(c.issuedAt())));
    row(b, "Kiểm tra lúc", "Checked at", esc(v.checkedAt().toString()));
    b.append("</dl>");
    b.append("<h2>Các bước kiểm tra<span class=\"en\">Checks</span></h2><ul class=\"checks\">");
    for (Check k : v.checks()) {
      b.append("<li class=\"")
          .append(k.ok() ? "ok" : "bad")
          .append("\">")
          .append(k.ok() ? "✔ " : "✘ ")
          .append(esc(k.name()))
          .append(": ")
          .append(esc(k.message()))
          .append("</li>");
    }
    b.append("</ul><p><a href=\"")
        .append(esc(certificateUrl))
        .append("\">Xem chứng nhận / View the certificate</a></p>");
    b.append("</main></body></html>");
    return b.toString();
  }

  static String notFound() {
    return head("Không tìm thấy / Not found")
        + "<main><h1>Không tìm thấy chứng nhận<span class=\"en\">No such certificate</span></h1>"
        + "</main></body></html>";
  }

  private static StringBuilder head(String title) {
    StringBuilder b = new StringBuilder(8192);
    b.append("<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<meta name=\"robots\" content=\"noindex\">")
        .append("<title>")
        .append(esc(title))
        .append("</title><link rel=\"stylesheet\" href=\"/certificate.css\"></head><body>");
    return b;
  }

  private static void row(StringBuilder b, String vi, String en, String valueHtml) {
    b.append("<dt>")
        .append(esc(vi))
        .append(" <span class=\"en\">")
        .append(esc(en))
        .append("</span></dt><dd>")
        .append(valueHtml)
        .append("</dd>");
  }

  private static void rule(StringBuilder b, CompletionCertificate c) {
    var r = c.rule();
    StringBuilder s = new StringBuilder();
    if (!r.required().isEmpty()) {
      s.append("bắt buộc / required: ").append(String.join(", ", r.required()));
    }
    if (r.minimum() > 0) {
      s.append(s.isEmpty() ? "" : "; ")
          .append(r.minimum())
          .append(" trong / of: ")
          .append(String.join(", ", r.choose()));
    }
    if (r.minimumScaledScore() != null) {
      s.append("; điểm tối thiểu / minimum score: ").append(r.minimumScaledScore());
    }
    b.append("<p class=\"rule\">Điều kiện / Rule: ").append(esc(s.toString())).append("</p>");
    b.append("<p class=\"proof\">Bằng chứng / Proof: ")
        .append(c.statements().size())
        .append(" statement, checkpoint #")
        .append(c.checkpoint().coveredPosition())
        .append("</p>");
  }
}
