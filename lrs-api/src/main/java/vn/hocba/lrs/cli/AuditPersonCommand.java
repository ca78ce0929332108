package vn.hocba.lrs.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.client.MongoDatabase;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.bson.Document;
import vn.hocba.eventlog.EventChain;
import vn.hocba.eventlog.MongoEventLog;
import vn.hocba.lrs.store.Store;
import vn.hocba.programme.PersonKeys;
import vn.hocba.programme.PersonProgress;
import vn.hocba.programme.PersonRecord;
import vn.hocba.programme.ProgrammeFiles;
import vn.hocba.programme.ProgrammeIndex;
import vn.hocba.progress.ProgressStore;
import vn.hocba.statements.ChainedEvent;
import vn.hocba.statements.LearnerPlacedEvent;
import vn.hocba.statements.StatementRecordedEvent;
import vn.hocba.statements.StatementVoidedEvent;
import vn.hocba.xapi.json.StrictJson;

/**
 * {@code audit-person}: the auditor's check of one learner. Reads the event log from MongoDB
 * itself, checks every hash-chain link on the way, replays only this learner's events through the
 * programme's rules (the auditor's own copy of the programme file), and compares the result with
 * what the progress read model, and so every dashboard, claims. Exit 0 when they agree.
 */
final class AuditPersonCommand implements Cli.Command {

  private static final ObjectMapper EVENTS =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final String VOIDED = "http://adlnet.gov/expapi/verbs/voided";

  @Override
  public String summary() {
    return "--programme-file F --learner ID [--as-of T] [--data-dir DIR | --mongodb-uri URI]"
        + "   replays one learner's events and checks the dashboard's claim";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    Map<String, String> o =
        RosterCommand.options(
            args, List.of("programme-file", "learner", "as-of", "data-dir", "mongodb-uri"));
    if (!o.containsKey("programme-file") || !o.containsKey("learner")) {
      throw new Cli.UsageException("--programme-file and --learner are required");
    }
    ProgrammeIndex programme =
        new ProgrammeIndex(ProgrammeFiles.read(Path.of(o.get("programme-file"))));
    String person;
    try {
      person = PersonKeys.ofLearner(o.get("learner"));
    } catch (IllegalArgumentException e) {
      throw new Cli.UsageException("--learner: " + e.getMessage());
    }
    Instant asOf =
        o.containsKey("as-of") ? OffsetDateTime.parse(o.get("as-of")).toInstant() : Instant.now();
    String uri = o.getOrDefault("mongodb-uri", System.getenv("LRS_MONGODB_URI"));
    String dataDir =
        o.getOrDefault("data-dir", System.getenv().getOrDefault("LRS_DATA_DIR", "./data"));
    if (uri == null || uri.isBlank()) {
      out.println("reading the embedded store in " + dataDir + " (the LRS must be stopped)");
    }
    try (Store store = Store.open(uri, "hocba", "h2", dataDir, 64)) {
      return audit(store.database(), programme, person, asOf, out);
    }
  }

  static int audit(
      MongoDatabase db, ProgrammeIndex programme, String person, Instant asOf, PrintStream out) {
    String id = programme.programme().id();
    PersonRecord replayed = PersonRecord.empty(id, person);
    Set<String> own = new HashSet<>();
    long events = 0;
    String previous = EventChain.GENESIS;
    long expected = 0;
    MongoEventLog log = new MongoEventLog(db, null);
    try (Stream<Document> commits = log.readCommits(0)) {
      for (Document commit : (Iterable<Document>) commits::iterator) {
        for (MongoEventLog.StoredEvent stored : MongoEventLog.events(commit)) {
          ChainedEvent e = typed(stored);
          if (e.position() != expected
              || !e.previousHash().equals(previous)
              || !e.hash().equals(EventChain.link(previous, e.canonicalFields()))) {
            out.println(
                "CHAIN BROKEN at position " + expected + ": the log was altered; run verify-chain");
            return 1;
          }
          previous = e.hash();
          expected++;
          events++;
          replayed = apply(programme, replayed, own, e);
        }
      }
    }
    out.println("events read and chain-checked: " + events + ", head hash " + previous);
    out.println("this learner's statements: " + own.size());
    Optional<PersonRecord> claimed = new ProgressStore(db).find(id, person);
    PersonProgress mine = PersonProgress.of(programme, replayed, asOf);
    out.println("replayed as of " + asOf + ": " + describe(mine));
    if (claimed.isEmpty()) {
      boolean nothing = replayed.facts().isEmpty() && replayed.placements().isEmpty();
      out.println("read model: no record of this learner" + (nothing ? " (none expected)" : ""));
      return nothing ? 0 : 1;
    }
    PersonProgress theirs = PersonProgress.of(programme, claimed.get(), asOf);
    out.println("dashboard claims:  " + describe(theirs));
    boolean sameHistory =
        new HashSet<>(replayed.facts()).equals(new HashSet<>(claimed.get().facts()))
            && new HashSet<>(replayed.placements())
                .equals(new HashSet<>(claimed.get().placements()));
    boolean sameProgress =
        Objects.equals(mine.placement(), theirs.placement())
            && mine.topics().equals(theirs.topics())
            && mine.completion().equals(theirs.completion());
    out.println(
        sameHistory && sameProgress
            ? "AGREE: the dashboard's claim follows from the log"
            : "DISAGREE: history "
                + (sameHistory ? "same" : "differs")
                + ", progress "
                + (sameProgress ? "same" : "differs"));
    return sameHistory && sameProgress ? 0 : 1;
  }

  /** This learner's part of one event, folded into the record. */
  static PersonRecord apply(ProgrammeIndex p, PersonRecord r, Set<String> own, ChainedEvent e) {
    if (e instanceof StatementRecordedEvent s) {
      JsonNode statement = StrictJson.parseStored(s.statement());
      if (VOIDED.equals(statement.path("verb").path("id").asText())) {
        return r;
      }
      Optional<vn.hocba.programme.ProgrammeIndex.Extract> x =
          p.extract(statement, s.position(), s.stored());
      if (x.isEmpty() || !x.get().person().equals(r.person())) {
        return r;
      }
      own.add(s.statementId());
      PersonRecord out = r.withFacts(x.get().facts(), x.get().name());
      return x.get().placement().map(out::withPlacement).orElse(out);
    }
    if (e instanceof StatementVoidedEvent v && own.contains(v.voidedStatementId())) {
      return r.voided(v.voidedStatementId(), v.stored());
    }
    if (e instanceof LearnerPlacedEvent l
        && l.programme().equals(r.programme())
        && l.person().equals(r.person())) {
      return r.withPlacement(
          new PersonRecord.Placement(
              l.position(),
              PersonRecord.Placement.ROSTER,
              null,
              l.group(),
              l.locality(),
              l.effective(),
              l.stored(),
              null));
    }
    return r;
  }

  static ChainedEvent typed(MongoEventLog.StoredEvent stored) {
    try {
      Class<?> type = Class.forName(stored.type());
      if (!ChainedEvent.class.isAssignableFrom(type)) {
        throw new IllegalStateException("not an event of the log: " + stored.type());
      }
      return (ChainedEvent) EVENTS.treeToValue(stored.payload(), type);
    } catch (ClassNotFoundException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("unreadable event " + stored.id() + ": " + e.getMessage(), e);
    }
  }

  private static String describe(PersonProgress p) {
    StringBuilder b = new StringBuilder();
    b.append(p.placement().map(x -> x.group() + " @ " + x.locality()).orElse("unplaced"));
    b.append(", completion ")
        .append(p.completion().met() ? "MET since " + p.completion().since() : "not met");
    if (p.completion().met()) {
      b.append(" proved by ").append(p.completion().statements());
    }
    b.append(", topics ");
    p.topics().forEach(t -> b.append(t.topic()).append('=').append(t.status().wire()).append(' '));
    return b.toString().strip();
  }
}
