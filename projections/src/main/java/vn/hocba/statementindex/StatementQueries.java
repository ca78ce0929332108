package vn.hocba.statementindex;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.bson.Document;
import org.bson.conversions.Bson;
import vn.hocba.projection.StoredText;

/** Reads the statement index: single statements by id and filtered, paged lists. */
public final class StatementQueries {

  private final MongoCollection<Document> statements;

  public StatementQueries(MongoDatabase db) {
    this.statements = db.getCollection(StatementIndexProjector.STATEMENTS);
  }

  /** A stored statement as the index holds it. */
  public record IndexedStatement(String id, String json, Instant stored, boolean voided) {}

  /** One page of a query; {@code next} is the key to continue after, when more remain. */
  public record Page(List<IndexedStatement> statements, Optional<StatementQuery.PageKey> next) {}

  public Optional<IndexedStatement> byId(String id) {
    return Optional.ofNullable(statements.find(eq("_id", id)).first()).map(StatementQueries::map);
  }

  /** The statement text of an index document (decision 20). */
  static String text(Document d) {
    return StoredText.read(d.get("statement"), "statement-index document " + d.get("_id"));
  }

  private static IndexedStatement map(Document d) {
    return new IndexedStatement(
        d.getString("_id"),
        text(d),
        d.getDate("stored").toInstant(),
        d.getBoolean("voided", false));
  }

  public Page query(StatementQuery q) {
    Bson filter = filter(q);
    Bson sort =
        q.ascending() ? Sorts.ascending("stored", "_id") : Sorts.descending("stored", "_id");
    List<IndexedStatement> found = new ArrayList<>(q.limit() + 1);
    for (Document d : statements.find(filter).sort(sort).limit(q.limit() + 1)) {
      found.add(map(d));
    }
    Optional<StatementQuery.PageKey> next = Optional.empty();
    if (found.size() > q.limit()) {
      found.remove(found.size() - 1);
      IndexedStatement last = found.get(found.size() - 1);
      next = Optional.of(new StatementQuery.PageKey(last.stored(), last.id()));
    }
    return new Page(found, next);
  }

  /** A stored statement with the log position of its event. */
  public record PositionedStatement(long position, IndexedStatement statement) {}

  /**
   * What a run of log positions holds: the statements the query matches, in log order, and the
   * first and last stored time of all statements there, matching or not (stored never goes back
   * along the log, so readers can tell where a time bound lies).
   */
  public record Positions(
      List<PositionedStatement> matches,
      Optional<Instant> firstStored,
      Optional<Instant> lastStored) {}

  /**
   * The stored statements whose events lie at log positions {@code from} to {@code from + count -
   * 1}, with those that match the query's filters (its limit, page key and order aside). One keyed
   * look-up ({@code $in} on the unique {@code pos} index, served from an index by every MongoDB,
   * the embedded store included), then the same clauses as {@link #filter} tested on each document,
   * so that a reader walking the log (the export) selects exactly what a query would.
   *
   * @param includeVoided also voided statements, which queries never return (Communication
   *     2.1.4.s1.b1)
   */
  public Positions atPositions(long from, int count, StatementQuery q, boolean includeVoided) {
    List<Long> positions = new ArrayList<>(count);
    for (long p = from; p < from + count; p++) {
      positions.add(p);
    }
    List<Clause> clauses = clauses(q, includeVoided);
    List<PositionedStatement> matches = new ArrayList<>();
    Instant first = null;
    Instant last = null;
    long firstPos = Long.MAX_VALUE;
    long lastPos = Long.MIN_VALUE;
    // the filter names pos alone: mongo-java-server serves only such queries from an index
    for (Document d : statements.find(in("pos", positions))) {
      long pos = d.getLong("pos");
      if (pos < firstPos) {
        firstPos = pos;
        first = d.getDate("stored").toInstant();
      }
      if (pos > lastPos) {
        lastPos = pos;
        last = d.getDate("stored").toInstant();
      }
      if (clauses.stream().allMatch(c -> c.test().test(d))) {
        matches.add(new PositionedStatement(pos, map(d)));
      }
    }
    matches.sort(Comparator.comparingLong(PositionedStatement::position));
    return new Positions(matches, Optional.ofNullable(first), Optional.ofNullable(last));
  }

  /**
   * One condition of a query, as a MongoDB filter and as the same test of an index document ({@code
   * StatementQueriesTest} checks that the two agree).
   */
  record Clause(Bson filter, Predicate<Document> test) {}

  /** The MongoDB filter of a query: one small clause per parameter (Communication 2.1.3). */
  static Bson filter(StatementQuery q) {
    return filter(q, false);
  }

  static Bson filter(StatementQuery q, boolean includeVoided) {
    List<Bson> filters = clauses(q, includeVoided).stream().map(Clause::filter).toList();
    return filters.isEmpty() ? new Document() : and(filters); // $and of nothing is refused
  }

  static List<Clause> clauses(StatementQuery q, boolean includeVoided) {
    List<Clause> clauses = new ArrayList<>();
    if (!includeVoided) {
      clauses.add(
          new Clause(eq("voided", false), d -> !d.getBoolean("voided", false))); // 2.1.4.s1.b1
    }
    q.agentKey()
        .ifPresent(a -> clauses.add(contains(q.relatedAgents() ? "relAgents" : "agents", a)));
    q.verb().ifPresent(v -> clauses.add(contains("verbs", v)));
    q.activity()
        .ifPresent(a -> clauses.add(contains(q.relatedActivities() ? "relActs" : "acts", a)));
    q.registration().ifPresent(r -> clauses.add(contains("regs", r)));
    // stored is kept in milliseconds; truncating the bounds keeps since exclusive, until inclusive
    q.since()
        .ifPresent(
            s ->
                clauses.add(
                    new Clause(gt("stored", millis(s)), d -> storedMillis(d) > s.toEpochMilli())));
    q.until()
        .ifPresent(
            u ->
                clauses.add(
                    new Clause(
                        lte("stored", millis(u)), d -> storedMillis(d) <= u.toEpochMilli())));
    q.after()
        .ifPresent(
            k -> {
              Date at = millis(k.stored());
              long ms = at.getTime();
              clauses.add(
                  q.ascending()
                      ? new Clause(
                          or(gt("stored", at), and(eq("stored", at), gt("_id", k.id()))),
                          d ->
                              storedMillis(d) > ms
                                  || storedMillis(d) == ms
                                      && d.getString("_id").compareTo(k.id()) > 0)
                      : new Clause(
                          or(lt("stored", at), and(eq("stored", at), lt("_id", k.id()))),
                          d ->
                              storedMillis(d) < ms
                                  || storedMillis(d) == ms
                                      && d.getString("_id").compareTo(k.id()) < 0));
            });
    return clauses;
  }

  /** An array field of the index document holds the value (MongoDB equality on an array). */
  private static Clause contains(String field, String value) {
    return new Clause(
        eq(field, value), d -> d.get(field) instanceof List<?> values && values.contains(value));
  }

  private static long storedMillis(Document d) {
    return d.getDate("stored").getTime();
  }

  private static Date millis(Instant i) {
    return new Date(i.toEpochMilli());
  }

  /**
   * The indexes a real MongoDB needs for every query shape above: equality fields first, then the
   * (stored, _id) sort, which also serves since/until and the page cursor; and the unique log
   * position, which every store (the embedded one too) serves {@link #atPositions} from.
   */
  public static List<IndexModel> indexes() {
    List<IndexModel> out = new ArrayList<>();
    // the log position of each statement's event: the export walks the log through it
    out.add(new IndexModel(Indexes.ascending("pos"), new IndexOptions().unique(true)));
    out.add(new IndexModel(Indexes.ascending("voided", "stored", "_id")));
    for (String field : List.of("agents", "relAgents", "verbs", "acts", "relActs", "regs")) {
      out.add(new IndexModel(Indexes.ascending(field, "voided", "stored", "_id")));
    }
    return out;
  }
}
