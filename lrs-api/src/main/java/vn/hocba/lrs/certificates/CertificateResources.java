package vn.hocba.lrs.certificates;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Optional;
import org.axonframework.config.EventProcessingConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import vn.hocba.certificates.CompletionCertificate;
import vn.hocba.certificates.CompletionCertificate.Check;
import vn.hocba.checkpoints.Checkpointer;
import vn.hocba.eventlog.StatementLedger;
import vn.hocba.lrs.dashboard.Programmes;
import vn.hocba.lrs.dashboard.ProgressPosition;
import vn.hocba.lrs.security.Principal;
import vn.hocba.lrs.web.Problem;
import vn.hocba.xapi.json.StrictJson;

/**
 * Certificates: the public pages and files (no credentials), the dashboard's list of a learner's
 * certificates ({@code dashboard}) and issuing on demand ({@code admin}).
 */
@RestController
class CertificateResources {

  private static final MediaType HTML =
      new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8);
  private static final String JSON_SUFFIX = ".json";

  private final CertificateStore store;
  private final CertificateIssuer issuer;
  private final CertificateVerifier verifier;
  private final Checkpointer checkpointer;
  private final StatementLedger ledger;
  private final EventProcessingConfiguration processing;
  private final Programmes programmes;
  private final String publicBaseUrl;

  CertificateResources(
      CertificateStore store,
      CertificateIssuer issuer,
      CertificateVerifier verifier,
      Checkpointer checkpointer,
      StatementLedger ledger,
      EventProcessingConfiguration processing,
      Programmes programmes,
      @Value("${lrs.public-base-url:}") String publicBaseUrl) {
    this.store = store;
    this.issuer = issuer;
    this.verifier = verifier;
    this.checkpointer = checkpointer;
    this.ledger = ledger;
    this.processing = processing;
    this.programmes = programmes;
    this.publicBaseUrl = publicBaseUrl == null ? "" : publicBaseUrl.strip().replaceAll("/+$", "");
  }

  /** The printable page, or with {@code .json} the signed certificate file. */
  @GetMapping("/certificates/{id}")
  ResponseEntity<String> certificate(@PathVariable String id, HttpServletRequest request) {
    if (id.endsWith(JSON_SUFFIX)) {
      String bare = id.substring(0, id.length() - JSON_SUFFIX.length());
      CertificateStore.Stored s = found(bare).orElseThrow(CertificateResources::unknown);
      return ResponseEntity.ok()
          .contentType(MediaType.APPLICATION_JSON)
          .header("Content-Disposition", "inline; filename=\"certificate-" + bare + ".json\"")
          .header("Access-Control-Allow-Origin", "*")
          .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
          .body(s.file());
    }
    Optional<CertificateStore.Stored> s = found(id);
    if (s.isEmpty()) {
      return html(HttpStatus.NOT_FOUND, CertificatePages.notFound());
    }
    CompletionCertificate c = CompletionCertificate.fromJson(StrictJson.parse(s.get().file()));
    String base = base(request);
    return html(
        HttpStatus.OK,
        CertificatePages.certificate(
            c, base + "/verify/" + id, base + "/certificates/" + id + JSON_SUFFIX));
  }

  /** Whether the certificate is genuine and still valid: HTML, or JSON with {@code .json}. */
  @GetMapping("/verify/{id}")
  ResponseEntity<String> verify(@PathVariable String id, HttpServletRequest request) {
    boolean json = id.endsWith(JSON_SUFFIX);
    String bare = json ? id.substring(0, id.length() - JSON_SUFFIX.length()) : id;
    Optional<CertificateVerifier.Verification> v = verifier.verify(bare);
    if (json) {
      return ResponseEntity.ok()
          .contentType(MediaType.APPLICATION_JSON)
          .header("Access-Control-Allow-Origin", "*")
          .cacheControl(CacheControl.noStore())
          .body(StrictJson.write(verificationJson(v.orElseThrow(CertificateResources::unknown))));
    }
    if (v.isEmpty()) {
      return html(HttpStatus.NOT_FOUND, CertificatePages.notFound());
    }
    return html(
        HttpStatus.OK,
        CertificatePages.verification(v.get(), base(request) + "/certificates/" + bare));
  }

  @GetMapping(
      value = "/api/programmes/{id}/people/{person}/certificates",
      produces = MediaType.APPLICATION_JSON_VALUE)
  String list(@PathVariable String id, @PathVariable String person, HttpServletRequest request) {
    Principal.of(request).require("dashboard");
    if (programmes.get(id).isEmpty()) {
      throw Problem.notFound("no programme " + id);
    }
    ObjectNode n = StrictJson.mapper().createObjectNode();
    n.put("programme", id);
    n.put("person", person);
    ArrayNode a = n.putArray("certificates");
    for (CertificateStore.Stored s : store.of(id, person)) {
      CompletionCertificate c = CompletionCertificate.fromJson(StrictJson.parse(s.file()));
      a.addObject()
          .put("id", c.id())
          .put("group", c.group().id())
          .put("completedAt", c.completedAt().toString())
          .put("issuedAt", c.issuedAt().toString())
          .put("page", "/certificates/" + c.id())
          .put("file", "/certificates/" + c.id() + JSON_SUFFIX)
          .put("verify", "/verify/" + c.id());
    }
    return StrictJson.write(n);
  }

  /**
   * Signs a checkpoint now (when the log moved), waits briefly for the progress projection to reach
   * it, then issues every certificate it makes possible.
   */
  @PostMapping(value = "/admin/certificates/issue", produces = MediaType.APPLICATION_JSON_VALUE)
  String issue(HttpServletRequest request) throws InterruptedException {
    Principal.of(request).require("admin");
    checkpointer.checkpoint();
    long head = ledger.head().position();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (ProgressPosition.of(processing) < head - 1 && System.nanoTime() < deadline) {
      Thread.sleep(20); // the checkpoint event itself is the head; progress ignores it
    }
    CertificateIssuer.Run run = issuer.issue();
    ObjectNode n = StrictJson.mapper().createObjectNode();
    n.put("checkpointCovers", run.covered());
    ArrayNode a = n.putArray("issued");
    run.issued().forEach(a::add);
    n.put("waiting", run.waiting());
    return StrictJson.write(n);
  }

  static ObjectNode verificationJson(CertificateVerifier.Verification v) {
    ObjectNode n = StrictJson.mapper().createObjectNode();
    n.put("id", v.certificate().id());
    n.put("status", v.status());
    n.put("genuine", v.genuine());
    n.put("valid", v.valid());
    ArrayNode voided = n.putArray("voided");
    for (CertificateVerifier.Voided x : v.voided()) {
      voided
          .addObject()
          .put("statement", x.statementId())
          .put("voidedAt", x.at() == null ? null : x.at().toString());
    }
    if (v.meetsRuleNow() == null) {
      n.putNull("meetsRuleNow");
    } else {
      n.put("meetsRuleNow", v.meetsRuleNow());
    }
    n.put("checkedAt", v.checkedAt().toString());
    ArrayNode checks = n.putArray("checks");
    for (Check c : v.checks()) {
      checks.addObject().put("name", c.name()).put("ok", c.ok()).put("message", c.message());
    }
    n.set("certificate", v.document());
    return n;
  }

  private Optional<CertificateStore.Stored> found(String id) {
    return CompletionCertificate.isId(id) ? store.find(id) : Optional.empty();
  }

  private static Problem unknown() {
    return Problem.notFound("Không có chứng nhận này / no such certificate");
  }

  private String base(HttpServletRequest request) {
    return publicBaseUrl.isEmpty()
        ? ServletUriComponentsBuilder.fromContextPath(request).build().toUriString()
        : publicBaseUrl;
  }

  private static ResponseEntity<String> html(HttpStatus status, String body) {
    return ResponseEntity.status(status)
        .contentType(HTML)
        .cacheControl(CacheControl.noStore())
        .body(body);
  }
}
