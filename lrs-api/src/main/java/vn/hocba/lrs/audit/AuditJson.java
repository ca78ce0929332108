package vn.hocba.lrs.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import vn.hocba.audit.Ed25519Signatures;
import vn.hocba.checkpoints.Checkpoint;
import vn.hocba.eventlog.ChainReport;
import vn.hocba.xapi.json.StrictJson;

/** The JSON and text forms of reports, checkpoints and keys, shared by endpoints and commands. */
final class AuditJson {

  private AuditJson() {}

  static ObjectNode report(ChainReport r, List<ChainReport.Witness> witnesses) {
    ObjectNode n = StrictJson.mapper().createObjectNode();
    n.put("intact", r.intact());
    n.put("message", summary(r));
    n.put("from", r.from());
    ObjectNode through = n.putObject("verifiedThrough");
    through.put("position", r.lastPosition());
    through.put("hash", r.lastHash());
    n.put("endOfLog", r.endOfLog());
    if (r.intact() && r.endOfLog()) {
      ObjectNode head = n.putObject("head");
      head.put("position", r.lastPosition());
      head.put("hash", r.lastHash());
    }
    n.put("eventsChecked", r.checked());
    n.put("checkpointsChecked", r.checkpoints());
    r.lastCheckpoint()
        .ifPresent(
            c -> {
              ObjectNode cp = n.putObject("lastCheckpoint");
              cp.put("position", c.position());
              cp.put("coveredPosition", c.coveredPosition());
              cp.put("coveredHash", c.coveredHash());
              cp.put("keyId", c.keyId());
              cp.put("stored", c.stored().toString());
            });
    r.firstBreak()
        .ifPresent(
            b -> {
              ObjectNode f = n.putObject("firstBreak");
              f.put("kind", b.kind().name());
              f.put("position", b.position());
              if (b.commit() != null) {
                f.put("commit", b.commit());
              } else {
                f.putNull("commit");
              }
              f.put("expected", b.expected());
              f.put("found", b.found());
              f.put("message", b.message());
            });
    ArrayNode w = n.putArray("witnesses");
    for (ChainReport.Witness witness : witnesses) {
      ObjectNode o =
          w.addObject().put("source", witness.source()).put("position", witness.position());
      if (witness.hash() != null) {
        o.put("hash", witness.hash());
      }
    }
    n.put("elapsedMillis", r.elapsed().toMillis());
    n.put("eventsPerSecond", Math.round(r.eventsPerSecond()));
    return n;
  }

  static String summary(ChainReport r) {
    if (r.firstBreak().isPresent()) {
      return r.firstBreak().get().message();
    }
    if (r.checked() == 0) {
      return "Không có sự kiện nào để kiểm tra / there were no events to check";
    }
    String range = r.from() + "…" + r.lastPosition();
    return r.endOfLog()
        ? ("Chuỗi hash nguyên vẹn: %d sự kiện (%s), đầu chuỗi ở vị trí %d, hash %s"
                + " / the hash chain is intact: %d events (%s), head at position %d, hash %s")
            .formatted(
                r.checked(),
                range,
                r.lastPosition(),
                r.lastHash(),
                r.checked(),
                range,
                r.lastPosition(),
                r.lastHash())
        : ("Các vị trí %s nối đúng: %d sự kiện / positions %s link correctly: %d events")
            .formatted(range, r.checked(), range, r.checked());
  }

  /** A human-readable report for the command. */
  static String text(ChainReport r) {
    StringBuilder out = new StringBuilder();
    out.append(r.intact() ? "NGUYÊN VẸN / INTACT" : "BỊ PHÁ VỠ / BROKEN").append('\n');
    out.append("  ").append(summary(r)).append('\n');
    r.firstBreak()
        .ifPresent(
            b -> {
              out.append("  kind:      ").append(b.kind()).append('\n');
              out.append("  position:  ").append(b.position());
              if (b.commit() != null) {
                out.append(" (commit ").append(b.commit()).append(')');
              }
              out.append('\n');
              out.append("  expected:  ").append(b.expected()).append('\n');
              out.append("  found:     ").append(b.found()).append('\n');
            });
    out.append("  verified:  ")
        .append(r.checked())
        .append(" events, through position ")
        .append(r.lastPosition())
        .append(" (hash ")
        .append(r.lastHash())
        .append(")\n");
    out.append("  checkpoints verified: ").append(r.checkpoints());
    r.lastCheckpoint()
        .ifPresent(
            c ->
                out.append(" (last covers position ")
                    .append(c.coveredPosition())
                    .append(", key ")
                    .append(c.keyId())
                    .append(", ")
                    .append(c.stored())
                    .append(')'));
    out.append('\n');
    out.append(
        String.format(
            Locale.ROOT,
            "  elapsed:   %.3f s (%,.0f events/s)%n",
            r.elapsed().toNanos() / 1e9,
            r.eventsPerSecond()));
    return out.toString();
  }

  static ObjectNode checkpoint(Checkpoint c) {
    ObjectNode n = StrictJson.mapper().createObjectNode();
    n.put("position", c.position());
    n.put("coveredPosition", c.coveredPosition());
    n.put("coveredHash", c.coveredHash());
    n.put("stored", c.stored().toString());
    n.put("keyId", c.keyId());
    n.put("algorithm", c.algorithm());
    n.put("signature", c.signature());
    n.put("signedText", c.signed().signedText());
    n.put("eventHash", c.eventHash());
    return n;
  }

  static ObjectNode keys(SigningKeys keys) {
    ObjectNode n = StrictJson.mapper().createObjectNode();
    ArrayNode a = n.putArray("keys");
    for (SigningKeys.Key k : keys.all()) {
      a.addObject()
          .put("keyId", k.keyId())
          .put("algorithm", Ed25519Signatures.ALGORITHM)
          .put("publicKey", Base64.getEncoder().encodeToString(k.publicKey().getEncoded()))
          .put("publicKeyPem", Ed25519Signatures.publicKeyPem(k.publicKey()))
          .put("status", k.status().name().toLowerCase(Locale.ROOT));
    }
    return n;
  }
}
