package vn.hocba.eventlog;

import static com.mongodb.client.model.Filters.in;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOptions;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.hocba.projection.ParsedStatements;
import vn.hocba.statements.Admission;
import vn.hocba.statements.ChainedEvent;
import vn.hocba.statements.ExistingStatement;
import vn.hocba.statements.PreparedStatement;
import vn.hocba.statements.StatementPreparation;
import vn.hocba.statements.StatementRecordedEvent;
import vn.hocba.statements.StatementVoidedEvent;
import vn.hocba.xapi.json.StrictJson;
import vn.hocba.xapi.model.XapiVersion;

/**
 * The single writer of the statement log. Under one lock it assigns stored times, looks up the ids
 * a request touches (keyed look-ups only), decides admission, links the hash chain and appends the
 * request as one commit; outside the lock it waits until the commit is durable.
 *
 * <p>Write-side keys: {@code statement_ids} maps a statement id to the commit that holds its event,
 * {@code statement_voids} a voided target to its voiding statement. Keys are written before their
 * commit and trusted only when the commit they point to holds that statement, so a crash between
 * the two leaves nothing half-stored.
 */
public final class StatementLedger {

  private static final Logger log = LoggerFactory.getLogger(StatementLedger.class);
  static final String IDS = "statement_ids";
  static final String VOIDS = "statement_voids";
  private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

  private final MongoEventLog eventLog;
  private final EventStore eventStore;
  private final MongoCollection<Document> ids;
  private final MongoCollection<Document> voids;
  private final Clock clock;
  private final Supplier<String> newId;
  private final DurabilityBarrier durability;
  private final BiPredicate<JsonNode, JsonNode> equivalent;
  private final Object lock = new Object();

  /** Every id a stored voiding statement targets: few, and checked for every statement. */
  private final Set<String> voidTargets = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private String lastHash;
  private Instant lastStored = Instant.EPOCH;
  private volatile Instant inFlightStored;

  public StatementLedger(
      MongoDatabase db,
      MongoEventLog eventLog,
      EventStore eventStore,
      Clock clock,
      Supplier<String> newId,
      DurabilityBarrier durability,
      BiPredicate<JsonNode, JsonNode> equivalent) {
    this.eventLog = eventLog;
    this.eventStore = eventStore;
    this.ids = db.getCollection(IDS);
    this.voids = db.getCollection(VOIDS);
    this.clock = clock;
    this.newId = newId;
    this.durability = durability;
    this.equivalent = equivalent;
    this.lastHash = EventChain.GENESIS;
    recoverChainHead();
    for (Document k : voids.find().projection(new Document("_id", 1))) {
      voidTargets.add(k.getString("_id"));
    }
  }

  private void recoverChainHead() {
    long next = eventLog.nextPosition();
    if (next > 0) {
      ChainedEvent last = eventLog.eventAt(next - 1).orElseThrow();
      lastHash = last.hash();
      lastStored = last.stored();
    }
    log.info("statement log opened at position {}", next);
  }

  /**
   * What a request became.
   *
   * @param newStatements how many of the statements were stored now (the others were already)
   */
  public record Recorded(
      List<String> statementIds, long lastPosition, boolean appended, int newStatements) {

    /** Without the count of new statements, for callers that do not need it. */
    public Recorded(List<String> statementIds, long lastPosition, boolean appended) {
      this(statementIds, lastPosition, appended, -1);
    }
  }

  /**
   * Admits a validated request whole or not at all.
   *
   * @throws StatementConflictException when an id exists with a different statement (409)
   */
  public Recorded record(
      List<JsonNode> received, JsonNode authority, String credential, XapiVersion version) {
    return record(received, authority, false, credential, version);
  }

  /**
   * Admits a validated request whole or not at all; with {@code keepSubmittedAuthority} statements
   * that carry an authority keep it (an administrator's import of another LRS's history, Data
   * 2.4.9.s3.b5), the others get {@code authority}.
   *
   * @throws StatementConflictException when an id exists with a different statement (409)
   */
  public Recorded record(
      List<JsonNode> received,
      JsonNode authority,
      boolean keepSubmittedAuthority,
      String credential,
      XapiVersion version) {
    Recorded result;
    synchronized (lock) {
      result = recordLocked(received, authority, keepSubmittedAuthority, credential, version);
    }
    if (result.appended()) {
      durability.syncTo(result.lastPosition());
    }
    return result;
  }

  private Recorded recordLocked(
      List<JsonNode> received,
      JsonNode authority,
      boolean keepSubmittedAuthority,
      String credential,
      XapiVersion version) {
    // stored is written with milliseconds (Data 4.5): the events carry exactly that instant
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Instant stored = now.isAfter(lastStored) ? now : lastStored; // stored never goes back
    inFlightStored = stored;
    try {
      List<PreparedStatement> batch = new ArrayList<>(received.size());
      for (JsonNode s : received) {
        batch.add(
            StatementPreparation.prepare(
                s, authority, keepSubmittedAuthority, stored, version, newId));
      }
      long first = eventLog.nextPosition();
      // Claim every id at once: an insert that succeeds proves the id is new, so only ids that
      // are taken (stored before, or a stale key of a commit that never happened) are looked up.
      Set<String> batchIds = new HashSet<>();
      List<Document> claims = new ArrayList<>(batch.size());
      for (PreparedStatement p : batch) {
        if (!batchIds.add(p.id())) {
          throw new IllegalArgumentException("a request holds statement " + p.id() + " twice");
        }
        claims.add(new Document("_id", p.id()).append("c", first).append("v", p.voiding()));
      }
      Set<String> taken = insertClaims(claims);
      Set<String> lookup = new HashSet<>(taken);
      Set<String> touched = new HashSet<>(batchIds);
      for (PreparedStatement p : batch) {
        p.voidedTarget().ifPresent(touched::add);
        p.voidedTarget().filter(t -> !batchIds.contains(t)).ifPresent(lookup::add);
      }
      Map<String, ExistingStatement> existing =
          lookup.isEmpty() ? Map.of() : findStatements(lookup);
      for (Document claim : claims) {
        String id = claim.getString("_id");
        if (taken.contains(id) && !existing.containsKey(id)) {
          ids.replaceOne(new Document("_id", id), claim, UPSERT); // a stale key: take it over
        }
      }
      Set<String> maybeVoided = new HashSet<>();
      for (String id : touched) {
        if (voidTargets.contains(id)) {
          maybeVoided.add(id);
        }
      }
      Map<String, String> voidedBy = maybeVoided.isEmpty() ? Map.of() : findVoids(maybeVoided);
      Admission decision = Admission.admit(batch, existing, voidedBy, equivalent);
      if (decision instanceof Admission.Conflict c) {
        throw new StatementConflictException(c.statementId());
      }
      Admission.Accepted accepted = (Admission.Accepted) decision;
      if (accepted.events().isEmpty()) {
        return new Recorded(accepted.statementIds(), -1, false, 0);
      }
      List<EventMessage<?>> messages = new ArrayList<>();
      List<Document> voidKeys = new ArrayList<>();
      String prev = lastHash;
      for (int i = 0; i < accepted.events().size(); i++) {
        long position = first + i;
        ChainedEvent event;
        Admission.Planned planned = accepted.events().get(i);
        if (planned instanceof Admission.Record r) {
          PreparedStatement p = r.statement();
          String text = StrictJson.write(p.stored());
          // the read models' first parse of this text would give this very tree
          ParsedStatements.offer(p.id(), text, p.stored());
          StatementRecordedEvent unhashed =
              new StatementRecordedEvent(
                  position, p.id(), text, version.header(), stored, credential, prev, null);
          p.voidedTarget()
              .ifPresent(
                  t ->
                      voidKeys.add(new Document("_id", t).append("by", p.id()).append("c", first)));
          event = withHash(unhashed, EventChain.link(prev, unhashed.canonicalFields()));
        } else {
          Admission.Void v = (Admission.Void) planned;
          StatementVoidedEvent unhashed =
              new StatementVoidedEvent(
                  position, v.voidedStatementId(), v.voidingStatementId(), stored, prev, null);
          event =
              new StatementVoidedEvent(
                  position,
                  v.voidedStatementId(),
                  v.voidingStatementId(),
                  stored,
                  prev,
                  EventChain.link(prev, unhashed.canonicalFields()));
        }
        prev = event.hash();
        messages.add(
            new GenericEventMessage<>(event, MetaData.with(MongoEventLog.POSITION, position)));
      }
      List<Document> newVoids =
          voidKeys.stream().filter(k -> !voidedBy.containsKey(k.getString("_id"))).toList();
      insertOrReplace(voids, newVoids);
      newVoids.forEach(k -> voidTargets.add(k.getString("_id")));
      eventStore.publish(messages);
      lastHash = prev;
      lastStored = stored;
      int recorded =
          (int) accepted.events().stream().filter(e -> e instanceof Admission.Record).count();
      return new Recorded(accepted.statementIds(), first + messages.size() - 1, true, recorded);
    } finally {
      inFlightStored = null;
    }
  }

  /** An event that is not a statement, made once its place in the log is known. */
  @FunctionalInterface
  public interface Draft {
    /** The event without its hash; {@link ChainedEvent#withHash} is applied by the ledger. */
    ChainedEvent at(long position, Instant stored, String previousHash);
  }

  /** The head of the chain: the last event's position (-1 when empty) and hash. */
  public record Head(long position, String hash, Instant stored) {}

  /**
   * Appends events that are not statements (roster entries, checkpoints) as one commit, linked into
   * the hash chain, and waits until they are durable. A draft sees the head it follows, so that a
   * checkpoint can sign exactly what precedes it.
   */
  public List<ChainedEvent> append(List<Draft> drafts) {
    if (drafts.isEmpty()) {
      return List.of();
    }
    if (drafts.size() > MongoEventLog.MAX_EVENTS_PER_COMMIT) {
      throw new IllegalArgumentException(
          "at most " + MongoEventLog.MAX_EVENTS_PER_COMMIT + " events per commit");
    }
    List<ChainedEvent> events = new ArrayList<>(drafts.size());
    synchronized (lock) {
      Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
      Instant stored = now.isAfter(lastStored) ? now : lastStored;
      long first = eventLog.nextPosition();
      String prev = lastHash;
      List<EventMessage<?>> messages = new ArrayList<>(drafts.size());
      for (int i = 0; i < drafts.size(); i++) {
        long position = first + i;
        ChainedEvent unhashed = drafts.get(i).at(position, stored, prev);
        if (unhashed.position() != position || !prev.equals(unhashed.previousHash())) {
          throw new IllegalStateException("a draft must take the position and hash it is given");
        }
        ChainedEvent event = unhashed.withHash(EventChain.link(prev, unhashed.canonicalFields()));
        events.add(event);
        prev = event.hash();
        messages.add(
            new GenericEventMessage<>(event, MetaData.with(MongoEventLog.POSITION, position)));
      }
      eventStore.publish(messages);
      lastHash = prev;
      lastStored = stored;
    }
    durability.syncTo(events.get(events.size() - 1).position());
    return events;
  }

  /** The chain head as this writer knows it. */
  public Head head() {
    synchronized (lock) {
      return new Head(eventLog.nextPosition() - 1, lastHash, lastStored);
    }
  }

  /** Inserts claims in one round trip; returns the ids whose key already existed. */
  private Set<String> insertClaims(List<Document> claims) {
    Set<String> taken = new HashSet<>();
    try {
      ids.insertMany(claims, new InsertManyOptions().ordered(false));
    } catch (MongoBulkWriteException e) {
      for (BulkWriteError error : e.getWriteErrors()) {
        if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
          throw e;
        }
        taken.add(claims.get(error.getIndex()).getString("_id"));
      }
    }
    return taken;
  }

  /**
   * Keys are new in the common case, so they are inserted in one round trip; a key left by a commit
   * that never happened (a crash) is a duplicate and is replaced.
   */
  private static void insertOrReplace(MongoCollection<Document> keys, List<Document> docs) {
    if (docs.isEmpty()) {
      return;
    }
    try {
      keys.insertMany(docs, new InsertManyOptions().ordered(false));
    } catch (MongoBulkWriteException e) {
      for (BulkWriteError error : e.getWriteErrors()) {
        if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
          throw e;
        }
        Document d = docs.get(error.getIndex());
        keys.replaceOne(new Document("_id", d.get("_id")), d, UPSERT);
      }
    }
  }

  private static StatementRecordedEvent withHash(StatementRecordedEvent e, String hash) {
    return new StatementRecordedEvent(
        e.position(),
        e.statementId(),
        e.statement(),
        e.xapiVersion(),
        e.stored(),
        e.credential(),
        e.previousHash(),
        hash);
  }

  /** The stored time of a commit under way, if any: consistency must not pass it. */
  public Instant inFlightStored() {
    return inFlightStored;
  }

  /** A statement read straight from the log, with its voided state per Data 2.3.2. */
  public record LoggedStatement(String json, Instant stored, boolean voided) {}

  /**
   * Reads one statement from the write side (keys and log), for reads that must not wait for the
   * statement index, e.g. right after a restart while the index catches up.
   */
  public Optional<LoggedStatement> lookup(String statementId) {
    ExistingStatement s = findStatements(Set.of(statementId)).get(statementId);
    if (s == null) {
      return Optional.empty();
    }
    boolean voided =
        !s.voiding()
            && voidTargets.contains(statementId)
            && findVoids(Set.of(statementId)).containsKey(statementId);
    return Optional.of(
        new LoggedStatement(
            StrictJson.write(s.stored()),
            Instant.parse(s.stored().get("stored").asText()),
            voided));
  }

  /** Where a statement's event stands in the log: its position and chain hash. */
  public record Located(String statementId, long position, String hash) {}

  /**
   * The log position and chain hash of each of these statements that is stored, through the
   * write-side keys (keyed look-ups only), for completion certificates.
   */
  public Map<String, Located> locate(Set<String> statementIds) {
    Map<String, Located> out = new HashMap<>();
    List<Document> keys = ids.find(in("_id", statementIds)).into(new ArrayList<>());
    Map<Long, Map<String, StatementRecordedEvent>> records = records(keys);
    for (Document k : keys) {
      StatementRecordedEvent r =
          records.getOrDefault(k.getLong("c"), Map.of()).get(k.getString("_id"));
      if (r != null) {
        out.put(r.statementId(), new Located(r.statementId(), r.position(), r.hash()));
      }
    }
    return out;
  }

  /** A voided statement, the statement that voided it and when that was stored. */
  public record Voiding(String voidedStatementId, String voidingStatementId, Instant stored) {}

  /** For each of these ids that a stored voiding statement targets: who voided it and when. */
  public Map<String, Voiding> voidings(Set<String> targets) {
    Map<String, Voiding> out = new HashMap<>();
    Set<String> candidates = new HashSet<>();
    for (String t : targets) {
      if (voidTargets.contains(t)) {
        candidates.add(t);
      }
    }
    if (candidates.isEmpty()) {
      return out;
    }
    Map<String, String> by = findVoids(candidates);
    Map<String, ExistingStatement> voiding = findStatements(new HashSet<>(by.values()));
    by.forEach(
        (target, voider) -> {
          ExistingStatement v = voiding.get(voider);
          Instant when = v == null ? null : Instant.parse(v.stored().get("stored").asText());
          out.put(target, new Voiding(target, voider, when));
        });
    return out;
  }

  /** The event stored at a position of the log, if there is one. */
  public Optional<ChainedEvent> eventAt(long position) {
    return eventLog.eventAt(position);
  }

  /** Stored statements for these ids, resolved through the write-side keys and the log. */
  Map<String, ExistingStatement> findStatements(Set<String> statementIds) {
    Map<String, ExistingStatement> out = new HashMap<>();
    List<Document> keys = ids.find(in("_id", statementIds)).into(new ArrayList<>());
    Map<Long, Map<String, StatementRecordedEvent>> records = records(keys);
    for (Document k : keys) {
      StatementRecordedEvent r =
          records.getOrDefault(k.getLong("c"), Map.of()).get(k.getString("_id"));
      if (r != null) { // otherwise the key of a commit that never happened: not stored
        out.put(
            r.statementId(),
            new ExistingStatement(
                r.statementId(), StrictJson.parseStored(r.statement()), k.getBoolean("v", false)));
      }
    }
    return out;
  }

  /** For each of these ids that a stored voiding statement targets: that statement's id. */
  Map<String, String> findVoids(Set<String> targets) {
    Map<String, String> out = new HashMap<>();
    List<Document> keys = voids.find(in("_id", targets)).into(new ArrayList<>());
    Map<Long, Map<String, StatementRecordedEvent>> records = records(keys);
    for (Document k : keys) {
      if (records.getOrDefault(k.getLong("c"), Map.of()).containsKey(k.getString("by"))) {
        out.put(k.getString("_id"), k.getString("by"));
      }
    }
    return out;
  }

  /** The statements recorded by the commits these keys point to, by commit and statement id. */
  private Map<Long, Map<String, StatementRecordedEvent>> records(List<Document> keys) {
    Map<Long, Map<String, StatementRecordedEvent>> out = new HashMap<>();
    Map<Long, Document> commits =
        eventLog.commits(keys.stream().map(k -> k.getLong("c")).distinct().toList());
    commits.forEach(
        (c, commit) -> {
          Map<String, StatementRecordedEvent> byId = new HashMap<>();
          for (MongoEventLog.StoredEvent e : MongoEventLog.events(commit)) {
            if (eventLog.payload(e) instanceof StatementRecordedEvent r) {
              byId.put(r.statementId(), r);
            }
          }
          out.put(c, byId);
        });
    return out;
  }

  /** A statement with this id is stored and differs from the one sent. */
  public static final class StatementConflictException extends RuntimeException {
    private final String statementId;

    public StatementConflictException(String statementId) {
      super("statement " + statementId + " already exists with different content");
      this.statementId = statementId;
    }

    public String statementId() {
      return statementId;
    }
  }
}
