package vn.hocba.statementindex;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.bson.Document;
import vn.hocba.statements.StatementRecordedEvent;
import vn.hocba.statements.StatementVoidedEvent;
import vn.hocba.xapi.json.StrictJson;
import vn.hocba.xapi.statements.StatementFacts;

/**
 * Projects the statement log into the {@code statements} collection. Idempotent: every handler
 * is an upsert keyed by statement id, so replaying from position 0 rebuilds the same documents.
 */
@ProcessingGroup(StatementIndexProjector.GROUP)
public final class StatementIndexProjector {

  public static final String GROUP = "statement-index";
  static final String STATEMENTS = "statements";
  static final String REFS = "statement_refs";
  private static final int MAX_REF_DEPTH = 16;
  private static final String[] FILTER_FIELDS = {"agents", "relAgents", "verbs", "acts", "relActs", "regs"};

  private final MongoCollection<Document> statements;
  private final MongoCollection<Document> refs;
  private final IndexProgress progress;

  public StatementIndexProjector(MongoDatabase db, IndexProgress progress) {
    this.statements = db.getCollection(STATEMENTS);
    this.refs = db.getCollection(REFS);
    this.progress = progress;
  }

  @EventHandler
  void on(StatementRecordedEvent e) {
    StatementFacts f = StatementFacts.of(StrictJson.parse(e.statement()));
    Document own =
        new Document("agents", List.copyOf(f.agents()))
            .append("relAgents", List.copyOf(f.relatedAgents()))
            .append("verbs", List.of(f.verbId()))
            .append("acts", List.copyOf(f.activities()))
            .append("relActs", List.copyOf(f.relatedActivities()))
            .append("regs", List.copyOf(f.registrations()));
    Document doc =
        new Document("_id", e.statementId())
            .append("pos", e.position())
            .append("stored", Date.from(e.stored()))
            .append("statement", e.statement())
            .append("voided", false)
            .append("voiding", f.voiding())
            .append("target", f.statementRefTarget().orElse(null))
            .append("own", own);
    Document existing = statements.find(eq("_id", e.statementId())).first();
    if (existing != null && existing.getBoolean("voided", false)) {
      doc.put("voided", true); // replay of an already applied voiding keeps its effect
    }
    Document effective = new Document(own);
    f.statementRefTarget()
        .ifPresent(
            t -> {
              Document target = statements.find(eq("_id", t)).first();
              if (target != null) {
                widen(effective, target);
              }
              refs.updateOne(
                  eq("_id", t),
                  Updates.addToSet("by", e.statementId()),
                  new UpdateOptions().upsert(true));
            });
    for (String field : FILTER_FIELDS) {
      doc.put(field, effective.get(field));
    }
    statements.replaceOne(eq("_id", e.statementId()), doc, new ReplaceOptions().upsert(true));
    propagate(e.statementId(), doc, 0);
    progress.advance(e.position(), e.stored());
  }

  /** Statements that arrived before the one they target now match its filters too. */
  private void propagate(String targetId, Document target, int depth) {
    if (depth >= MAX_REF_DEPTH) {
      return;
    }
    Document r = refs.find(eq("_id", targetId)).first();
    if (r == null) {
      return;
    }
    List<String> by = r.getList("by", String.class);
    for (Document referring : statements.find(in("_id", by))) {
      Document effective = new Document(referring.get("own", Document.class));
      widen(effective, target);
      Document update = new Document();
      for (String field : FILTER_FIELDS) {
        update.put(field, effective.get(field));
      }
      statements.updateOne(eq("_id", referring.getString("_id")), new Document("$set", update));
      referring.putAll(update);
      propagate(referring.getString("_id"), referring, depth + 1);
    }
  }

  private static void widen(Document effective, Document target) {
    for (String field : FILTER_FIELDS) {
      Set<String> union = new LinkedHashSet<>(strings(effective.get(field)));
      union.addAll(strings(target.get(field)));
      effective.put(field, new ArrayList<>(union));
    }
  }

  @SuppressWarnings("unchecked")
  private static Collection<String> strings(Object o) {
    return o instanceof Collection<?> c ? (Collection<String>) c : List.of();
  }

  @EventHandler
  void on(StatementVoidedEvent e) {
    statements.updateOne(eq("_id", e.voidedStatementId()), Updates.set("voided", true));
    progress.advance(e.position(), e.stored());
  }

  @ResetHandler
  void reset() {
    statements.drop();
    refs.drop();
    progress.reset();
  }
}
