package vn.hocba.lrs.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import vn.hocba.eventlog.MongoEventLog;
import vn.hocba.eventlog.StatementLedger;
import vn.hocba.lrs.security.Principal;
import vn.hocba.lrs.web.Problem;
import vn.hocba.programme.PersonRecord;
import vn.hocba.programme.PersonRecord.Placement;
import vn.hocba.programme.ProgrammeIndex;
import vn.hocba.programme.Rosters;
import vn.hocba.progress.ProgressStore;
import vn.hocba.statements.LearnerPlacedEvent;
import vn.hocba.xapi.json.StrictJson;
import vn.hocba.xapi.validation.Violation;

/**
 * Imports a roster (docs/dashboard-api.md): each row becomes a {@link LearnerPlacedEvent}, so that
 * moves and corrections are history. Checked whole before anything is stored.
 */
@RestController
@RequestMapping("/api/programmes")
class RosterResource {

  static final String SCOPE = "roster";
  static final int MAX_BYTES = 16 * 1024 * 1024;

  private final Programmes programmes;
  private final StatementLedger ledger;
  private final ProgressStore progress;
  private final DashboardService service;

  RosterResource(
      Programmes programmes,
      StatementLedger ledger,
      ProgressStore progress,
      DashboardService service) {
    this.programmes = programmes;
    this.ledger = ledger;
    this.progress = progress;
    this.service = service;
  }

  @PostMapping(value = "/{id}/roster", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<String> importRoster(@PathVariable String id, HttpServletRequest request)
      throws IOException {
    Principal principal = Principal.of(request);
    principal.require(SCOPE);
    ProgrammeIndex p = programmes.get(id).orElseThrow(() -> Problem.notFound("no programme " + id));
    String type = request.getContentType();
    if (type == null
        || !MediaType.parseMediaType(type).isCompatibleWith(new MediaType("text", "csv"))) {
      throw Problem.badRequest("a roster is sent as Content-Type: text/csv (UTF-8)");
    }
    String csv = body(request.getInputStream());
    Rosters.Parsed parsed = Rosters.parse(csv, p, p.day(service.now()));
    if (!parsed.problems().isEmpty()) {
      // each bad row as a violation: pointer /rows/<line>, so the one error mapping renders them
      throw Problem.invalid(
          "the roster has " + parsed.problems().size() + " bad row(s); nothing was stored",
          parsed.problems().stream()
              .limit(1000)
              .map(
                  x ->
                      new Violation(
                          "/rows/" + x.line(), "roster", "line " + x.line() + ": " + x.message()))
              .toList());
    }
    List<StatementLedger.Draft> drafts = new ArrayList<>();
    int unchanged = 0;
    for (Rosters.Row row : parsed.rows()) {
      if (unchangedPlacement(id, row)) {
        unchanged++;
        continue;
      }
      String source = "roster:" + row.line();
      drafts.add(
          (position, stored, previousHash) ->
              new LearnerPlacedEvent(
                  position,
                  id,
                  row.person(),
                  row.group(),
                  row.locality(),
                  row.effective(),
                  source,
                  stored,
                  principal.key(),
                  previousHash,
                  null));
    }
    int chunk = MongoEventLog.MAX_EVENTS_PER_COMMIT;
    for (int i = 0; i < drafts.size(); i += chunk) {
      ledger.append(drafts.subList(i, Math.min(drafts.size(), i + chunk)));
    }
    ObjectNode n = StrictJson.mapper().createObjectNode();
    n.put("rows", parsed.rows().size());
    n.put("placed", drafts.size());
    n.put("unchanged", unchanged);
    n.put("head", ledger.head().position());
    return ResponseEntity.status(HttpStatus.OK)
        .contentType(MediaType.APPLICATION_JSON)
        .body(StrictJson.write(n));
  }

  /** The learner's latest roster placement already says the same. */
  private boolean unchangedPlacement(String programme, Rosters.Row row) {
    Optional<PersonRecord> r = progress.find(programme, row.person());
    if (r.isEmpty()) {
      return false;
    }
    Optional<Placement> latest =
        r.get().placements().stream()
            .filter(p -> Placement.ROSTER.equals(p.source()))
            .max(Comparator.comparing(Placement::effective).thenComparingLong(Placement::position));
    return latest.isPresent()
        && Objects.equals(latest.get().group(), row.group())
        && Objects.equals(latest.get().locality(), row.locality())
        && latest.get().effective().equals(row.effective());
  }

  private static String body(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BYTES + 1);
    if (bytes.length > MAX_BYTES) {
      throw Problem.tooLarge("a roster is at most 16 MB; split it into several files");
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw Problem.badRequest("the roster is not UTF-8 text");
    }
  }
}
