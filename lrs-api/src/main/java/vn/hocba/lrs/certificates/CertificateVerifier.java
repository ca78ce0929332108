package vn.hocba.lrs.certificates;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vn.hocba.certificates.CompletionCertificate;
import vn.hocba.certificates.CompletionCertificate.Check;
import vn.hocba.eventlog.EventChain;
import vn.hocba.eventlog.StatementLedger;
import vn.hocba.lrs.audit.SigningKeys;
import vn.hocba.lrs.dashboard.Programmes;
import vn.hocba.programme.PersonProgress;
import vn.hocba.programme.ProgrammeIndex;
import vn.hocba.progress.ProgressStore;
import vn.hocba.statements.ChainedEvent;
import vn.hocba.statements.StatementRecordedEvent;
import vn.hocba.xapi.json.StrictJson;

/**
 * The online verification: genuine (both signatures with published keys, the proving statements and
 * the checkpoint's covered event as the stored log holds them, hash links recomputed) and still
 * valid (no proving statement voided since; the learner still meets the rule per live progress).
 */
final class CertificateVerifier {

  private final CertificateStore store;
  private final SigningKeys keys;
  private final StatementLedger ledger;
  private final ProgressStore progress;
  private final Programmes programmes;
  private final Clock clock;

  CertificateVerifier(
      CertificateStore store,
      SigningKeys keys,
      StatementLedger ledger,
      ProgressStore progress,
      Programmes programmes,
      Clock clock) {
    this.store = store;
    this.keys = keys;
    this.ledger = ledger;
    this.progress = progress;
    this.programmes = programmes;
    this.clock = clock;
  }

  /** A proving statement voided after issuing: which one, and when the voiding was stored. */
  record Voided(String statementId, Instant at) {}

  /**
   * @param meetsRuleNow null when the programme is no longer served
   */
  record Verification(
      CompletionCertificate certificate,
      JsonNode document,
      boolean genuine,
      boolean valid,
      List<Check> checks,
      List<Voided> voided,
      Boolean meetsRuleNow,
      Instant checkedAt) {

    String status() {
      return !genuine ? "not-genuine" : valid ? "valid" : "revoked";
    }
  }

  Optional<Verification> verify(String id) {
    if (!CompletionCertificate.isId(id)) {
      return Optional.empty();
    }
    return store.find(id).map(this::verify);
  }

  private Verification verify(CertificateStore.Stored stored) {
    JsonNode doc = StrictJson.parse(stored.file());
    Map<String, PublicKey> published = new HashMap<>();
    keys.all().forEach(k -> published.put(k.keyId(), k.publicKey()));
    List<Check> checks = new ArrayList<>(CompletionCertificate.verifyOffline(doc, published));
    CompletionCertificate cert = CompletionCertificate.fromJson(doc);
    boolean learner =
        cert.learner().keyHash().equals(CompletionCertificate.keyHash(cert.id(), stored.person()));
    checks.add(
        new Check(
            "learner", learner, learner ? "bound to the learner it was issued to" : "swapped"));
    for (CompletionCertificate.Proof p : cert.statements()) {
      checks.add(logCheck(p));
    }
    checks.add(coveredCheck(cert));
    boolean genuine = checks.stream().allMatch(Check::ok);
    List<Voided> voided = new ArrayList<>();
    LinkedHashSet<String> ids = new LinkedHashSet<>();
    cert.statements().forEach(p -> ids.add(p.statementId()));
    Map<String, StatementLedger.Voiding> v = ledger.voidings(ids);
    for (String s : ids) {
      if (v.containsKey(s)) {
        voided.add(new Voided(s, v.get(s).stored()));
      }
    }
    Instant now = clock.instant();
    Boolean meets = null;
    Optional<ProgrammeIndex> p = programmes.get(cert.programme().id());
    if (p.isPresent()) {
      meets =
          progress
              .find(cert.programme().id(), stored.person())
              .map(r -> PersonProgress.of(p.get(), r, now).completion().met())
              .orElse(false);
    }
    boolean valid = genuine && voided.isEmpty() && Boolean.TRUE.equals(meets);
    return new Verification(
        cert, doc, genuine, valid, List.copyOf(checks), List.copyOf(voided), meets, now);
  }

  private Check logCheck(CompletionCertificate.Proof p) {
    String name = "statement " + p.statementId();
    Optional<ChainedEvent> e = ledger.eventAt(p.position());
    if (e.isEmpty()) {
      return new Check(name, false, "no event at position " + p.position() + " in the log");
    }
    if (!(e.get() instanceof StatementRecordedEvent r)
        || !r.statementId().equals(p.statementId())) {
      return new Check(name, false, "another event stands at position " + p.position());
    }
    boolean ok = r.hash().equals(p.hash()) && linked(r);
    return new Check(
        name,
        ok,
        ok
            ? "the log holds it at position " + p.position() + " with this chain hash"
            : "the log at position " + p.position() + " no longer has this chain hash");
  }

  private Check coveredCheck(CompletionCertificate cert) {
    long at = cert.checkpoint().coveredPosition();
    Optional<ChainedEvent> e = ledger.eventAt(at);
    boolean ok =
        e.isPresent() && e.get().hash().equals(cert.checkpoint().coveredHash()) && linked(e.get());
    return new Check(
        "log at checkpoint",
        ok,
        ok
            ? "the log at position " + at + " has the hash the checkpoint signed"
            : "the log at position " + at + " differs from what the checkpoint signed");
  }

  /** The event's stored hash is the one its content and predecessor link give. */
  private static boolean linked(ChainedEvent e) {
    return EventChain.link(e.previousHash(), e.canonicalFields()).equals(e.hash());
  }
}
