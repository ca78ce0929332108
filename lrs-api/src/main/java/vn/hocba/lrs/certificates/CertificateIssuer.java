package vn.hocba.lrs.certificates;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.hocba.certificates.CompletionCertificate;
import vn.hocba.checkpoints.Checkpoint;
import vn.hocba.checkpoints.Checkpoints;
import vn.hocba.eventlog.StatementLedger;
import vn.hocba.eventlog.StatementLedger.Located;
import vn.hocba.lrs.audit.SigningKeys;
import vn.hocba.lrs.dashboard.Programmes;
import vn.hocba.programme.PersonProgress;
import vn.hocba.programme.PersonRecord;
import vn.hocba.programme.Programme.Group;
import vn.hocba.programme.ProgrammeIndex;
import vn.hocba.progress.ProgressStore;

/**
 * Issues a certificate to every learner who meets their rule now and has none for the same proof,
 * once a signed checkpoint covers every proving statement; the others wait for the next checkpoint.
 */
final class CertificateIssuer {

  private static final Logger log = LoggerFactory.getLogger(CertificateIssuer.class);

  private final Programmes programmes;
  private final ProgressStore progress;
  private final StatementLedger ledger;
  private final Checkpoints checkpoints;
  private final SigningKeys keys;
  private final CertificateStore store;
  private final Clock clock;

  CertificateIssuer(
      Programmes programmes,
      ProgressStore progress,
      StatementLedger ledger,
      Checkpoints checkpoints,
      SigningKeys keys,
      CertificateStore store,
      Clock clock) {
    this.programmes = programmes;
    this.progress = progress;
    this.ledger = ledger;
    this.checkpoints = checkpoints;
    this.keys = keys;
    this.store = store;
    this.clock = clock;
  }

  /**
   * What a run did.
   *
   * @param covered the position the latest checkpoint covers (-1: none yet)
   * @param issued ids of the certificates issued now
   * @param waiting learners who meet their rule but whose proof no checkpoint covers yet
   */
  record Run(long covered, List<String> issued, int waiting) {}

  synchronized Run issue() {
    Optional<Checkpoint> latest = checkpoints.latest();
    if (latest.isEmpty()) {
      return new Run(-1, List.of(), 0);
    }
    long covered = latest.get().coveredPosition();
    Instant now = clock.instant();
    List<String> issued = new ArrayList<>();
    int waiting = 0;
    for (ProgrammeIndex p : programmes.all()) {
      List<PersonRecord> records = new ArrayList<>();
      progress.forEach(p.programme().id(), records::add);
      for (PersonRecord r : records) {
        PersonProgress pp = PersonProgress.of(p, r, now);
        Optional<Group> group = pp.group(p);
        if (!pp.completion().met() || group.isEmpty()) {
          continue;
        }
        List<String> ids = pp.completion().statements();
        Map<String, Located> located = ledger.locate(new HashSet<>(ids));
        if (located.size() != new HashSet<>(ids).size()) {
          continue; // the write side does not know a statement the read model has: never issue
        }
        List<CompletionCertificate.Proof> proofs = new ArrayList<>();
        for (String id : ids) {
          Located l = located.get(id);
          proofs.add(new CompletionCertificate.Proof(id, l.position(), l.hash()));
        }
        long highest =
            proofs.stream().mapToLong(CompletionCertificate.Proof::position).max().orElseThrow();
        if (highest > covered) {
          waiting++;
          continue;
        }
        String proof = proofKey(p.programme().id(), r.person(), group.get().id(), proofs);
        if (store.hasProof(proof)) {
          continue;
        }
        Checkpoint c = checkpoints.covering(highest).orElseThrow();
        String id = CompletionCertificate.newId();
        SigningKeys.Key key = keys.current().orElseThrow();
        CompletionCertificate cert =
            new CompletionCertificate(
                    id,
                    new CompletionCertificate.ProgrammeRef(
                        p.programme().id(), p.programme().name(), p.programme().digest()),
                    new CompletionCertificate.Learner(
                        CompletionCertificate.mask(r.person()),
                        CompletionCertificate.keyHash(id, r.person()),
                        r.name()),
                    new CompletionCertificate.GroupRef(group.get().id(), group.get().name()),
                    group.get().completion(),
                    pp.completion().since(),
                    now,
                    List.copyOf(proofs),
                    c.signed(),
                    null,
                    null)
                .signedBy(key.keyId(), keys::sign);
        if (store.insert(
            new CertificateStore.Stored(id, p.programme().id(), r.person(), proof, cert.toFile()),
            now.toString())) {
          issued.add(id);
        }
      }
    }
    if (!issued.isEmpty() || waiting > 0) {
      log.info(
          "issued {} certificate(s) under the checkpoint covering {}; {} learner(s) wait for the"
              + " next checkpoint",
          issued.size(),
          covered,
          waiting);
    }
    return new Run(covered, List.copyOf(issued), waiting);
  }

  /**
   * {@code <programme>|<person>|<SHA-256 of the group and each proving statement's id and hash>}.
   */
  static String proofKey(
      String programme, String person, String group, List<CompletionCertificate.Proof> proofs) {
    StringBuilder s = new StringBuilder(group);
    for (CompletionCertificate.Proof x : proofs) {
      s.append('|').append(x.statementId()).append('@').append(x.hash());
    }
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(s.toString().getBytes(StandardCharsets.UTF_8));
      return programme + "|" + person + "|" + HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
