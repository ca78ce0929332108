package vn.hocba.lrs.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoDatabase;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.axonframework.serialization.Serializer;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.hocba.checkpoints.Checkpoint;
import vn.hocba.checkpoints.Checkpointer;
import vn.hocba.checkpoints.Checkpoints;
import vn.hocba.eventlog.ChainReport;
import vn.hocba.eventlog.ChainVerifier;
import vn.hocba.eventlog.StatementLedger;
import vn.hocba.lrs.security.Principal;
import vn.hocba.lrs.web.Problem;
import vn.hocba.xapi.json.StrictJson;

/**
 * The tamper-evidence endpoints: chain verification and checkpoints for operators ({@code admin}
 * scope), the latest checkpoint for dashboards, and the public keys for anyone.
 */
@RestController
class AuditResources {

  private static final int MAX_LIST = 1000;

  private final ChainVerifier verifier;
  private final StatementLedger ledger;
  private final Checkpoints checkpoints;
  private final Checkpointer checkpointer;
  private final SigningKeys keys;
  private final MongoDatabase db;
  private final Serializer serializer;

  AuditResources(
      ChainVerifier verifier,
      StatementLedger ledger,
      Checkpoints checkpoints,
      Checkpointer checkpointer,
      SigningKeys keys,
      MongoDatabase db,
      Serializer serializer) {
    this.db = db;
    this.serializer = serializer;
    this.verifier = verifier;
    this.ledger = ledger;
    this.checkpoints = checkpoints;
    this.checkpointer = checkpointer;
    this.keys = keys;
  }

  /**
   * Re-reads the log and recomputes the chain; answers when done (a long log takes a while, and
   * nothing partial is sent). The writer's head, the latest checkpoint and the tracking tokens
   * serve as witnesses, so that events deleted at the end of the log are reported too.
   */
  @GetMapping(value = "/admin/chain/verify", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<String> verify(
      HttpServletRequest request,
      @RequestParam(name = "from", required = false) String from,
      @RequestParam(name = "to", required = false) String to) {
    Principal.of(request).require("admin");
    long first = position("from", from, 0);
    long last = position("to", to, Long.MAX_VALUE);
    if (last < first) {
      throw Problem.badRequest("to must not be before from / to không được nhỏ hơn from");
    }
    List<ChainReport.Witness> witnesses = witnesses(ledger, checkpoints, db, serializer);
    ChainReport report;
    try {
      report = verifier.verify(first, last, witnesses);
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest(e.getMessage());
    }
    return json(HttpStatus.OK, AuditJson.report(report, witnesses));
  }

  /** The writer's head, the latest checkpoint read model entry and the tracking tokens. */
  static List<ChainReport.Witness> witnesses(
      StatementLedger ledger, Checkpoints checkpoints, MongoDatabase db, Serializer serializer) {
    List<ChainReport.Witness> out = new ArrayList<>(ChainVerifier.tokenWitnesses(db, serializer));
    if (ledger != null) {
      StatementLedger.Head head = ledger.head();
      if (head.position() >= 0) {
        out.add(new ChainReport.Witness("the running writer", head.position(), head.hash()));
      }
    }
    checkpoints
        .latest()
        .ifPresent(
            c -> {
              out.add(
                  new ChainReport.Witness(
                      "checkpoint " + c.position(), c.coveredPosition(), c.coveredHash()));
              out.add(
                  new ChainReport.Witness(
                      "checkpoint " + c.position(), c.position(), c.eventHash()));
            });
    return out;
  }

  /** Signs the chain head now, unless it has not moved since the last checkpoint. */
  @PostMapping(value = "/admin/checkpoints", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<String> checkpoint(HttpServletRequest request) throws InterruptedException {
    Principal.of(request).require("admin");
    Checkpointer.Outcome o = checkpointer.checkpoint();
    Checkpoint c =
        o.checkpoint()
            .orElseThrow(
                () ->
                    Problem.conflict(
                        "Nhật ký trống, không có gì để ký / the log is empty: nothing to sign"));
    ObjectNode n = StrictJson.mapper().createObjectNode();
    n.put("created", o.created());
    n.set("checkpoint", AuditJson.checkpoint(c));
    return json(o.created() ? HttpStatus.CREATED : HttpStatus.OK, n);
  }

  @GetMapping(value = "/admin/checkpoints", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<String> list(
      HttpServletRequest request, @RequestParam(name = "limit", required = false) String limit) {
    Principal.of(request).require("admin");
    long n = position("limit", limit, 100);
    if (n < 1 || n > MAX_LIST) {
      throw Problem.badRequest("limit must be 1…" + MAX_LIST);
    }
    ObjectNode body = StrictJson.mapper().createObjectNode();
    ArrayNode a = body.putArray("checkpoints");
    checkpoints.newest((int) n).forEach(c -> a.add(AuditJson.checkpoint(c)));
    return json(HttpStatus.OK, body);
  }

  @GetMapping(value = "/api/checkpoints/latest", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<String> latest(HttpServletRequest request) {
    Principal.of(request).require("dashboard");
    Optional<Checkpoint> c = checkpoints.latest();
    return json(
        HttpStatus.OK,
        AuditJson.checkpoint(
            c.orElseThrow(
                () ->
                    Problem.notFound(
                        "Chưa có checkpoint nào / no checkpoint has been signed yet"))));
  }

  /** The public keys, for anyone: no credentials, cacheable, readable from any web origin. */
  @GetMapping(value = "/.well-known/hocba-keys.json", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<String> publicKeys() {
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
        .header("Access-Control-Allow-Origin", "*")
        .body(StrictJson.write(AuditJson.keys(keys)));
  }

  private static long position(String name, String value, long otherwise) {
    if (value == null || value.isBlank()) {
      return otherwise;
    }
    try {
      long v = Long.parseLong(value.strip());
      if (v < 0) {
        throw Problem.badRequest(name + " must be a non-negative integer");
      }
      return v;
    } catch (NumberFormatException e) {
      throw Problem.badRequest(name + " must be a non-negative integer");
    }
  }

  private static ResponseEntity<String> json(HttpStatus status, ObjectNode body) {
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(StrictJson.write(body));
  }
}
