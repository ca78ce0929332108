package vn.hocba.statementindex;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

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

  private static IndexedStatement map(Document d) {
    return new IndexedStatement(
        d.getString("_id"),
        d.getString("statement"),
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

  /** The MongoDB filter of a query: one small clause per parameter (Communication 2.1.3). */
  static Bson filter(StatementQuery q) {
    List<Bson> clauses = new ArrayList<>();
    clauses.add(eq("voided", false)); // Communication 2.1.4.s1.b1
    q.agentKey().ifPresent(a -> clauses.add(eq(q.relatedAgents() ? "relAgents" : "agents", a)));
    q.verb().ifPresent(v -> clauses.add(eq("verbs", v)));
    q.activity().ifPresent(a -> clauses.add(eq(q.relatedActivities() ? "relActs" : "acts", a)));
    q.registration().ifPresent(r -> clauses.add(eq("regs", r)));
    // stored is kept in milliseconds; truncating the bounds keeps since exclusive, until inclusive
    q.since().ifPresent(s -> clauses.add(gt("stored", millis(s))));
    q.until().ifPresent(u -> clauses.add(lte("stored", millis(u))));
    q.after()
        .ifPresent(
            k -> {
              Date at = millis(k.stored());
              clauses.add(
                  q.ascending()
                      ? or(gt("stored", at), and(eq("stored", at), gt("_id", k.id())))
                      : or(lt("stored", at), and(eq("stored", at), lt("_id", k.id()))));
            });
    return and(clauses);
  }

  private static Date millis(Instant i) {
    return new Date(i.toEpochMilli());
  }

  /**
   * The indexes a real MongoDB needs for every query shape above: equality fields first, then the
   * (stored, _id) sort, which also serves since/until and the page cursor.
   */
  public static List<IndexModel> indexes() {
    List<IndexModel> out = new ArrayList<>();
    out.add(new IndexModel(Indexes.ascending("voided", "stored", "_id")));
    for (String field : List.of("agents", "relAgents", "verbs", "acts", "relActs", "regs")) {
      out.add(new IndexModel(Indexes.ascending(field, "voided", "stored", "_id")));
    }
    return out;
  }
}
