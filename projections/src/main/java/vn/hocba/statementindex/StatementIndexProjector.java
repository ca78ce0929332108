package vn.hocba.statementindex;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.bson.Document;
import org.bson.conversions.Bson;
import vn.hocba.projection.ParsedStatements;
import vn.hocba.projection.PendingWrites;
import vn.hocba.projection.StoredText;
import vn.hocba.statements.ChainedEvent;
import vn.hocba.statements.StatementRecordedEvent;
import vn.hocba.statements.StatementVoidedEvent;
import vn.hocba.xapi.json.StrictJson;
import vn.hocba.xapi.statements.StatementFacts;

/**
 * Projects the statement log into the {@code statements} collection. Events of one processor batch
 * are gathered and written with a few bulk operations when the batch commits. Idempotent: every
 * write is an upsert keyed by statement id, and a replayed statement keeps a voiding that was
 * already applied, so replaying from position 0 rebuilds the same documents.
 */
@ProcessingGroup(StatementIndexProjector.GROUP)
public final class StatementIndexProjector {

  public static final String GROUP = "statement-index";
  static final String STATEMENTS = "statements";
  static final String REFS = "statement_refs";
  private static final int MAX_REF_DEPTH = 16;
  private static final String[] FILTER_FIELDS = {
    "agents", "relAgents", "verbs", "acts", "relActs", "regs"
  };
  private static final String BATCH = StatementIndexProjector.class.getName() + ".batch";

  private final MongoCollection<Document> statements;
  private final MongoCollection<Document> refs;
  private final IndexProgress progress;

  /** Ids some stored statement targets by StatementRef: few, and checked for every statement. */
  private volatile Set<String> refTargets;

  public StatementIndexProjector(MongoDatabase db, IndexProgress progress) {
    this.statements = db.getCollection(STATEMENTS);
    this.refs = db.getCollection(REFS);
    this.progress = progress;
  }

  /** What one processor batch changes, written when the batch commits. */
  private final class Batch implements PendingWrites {
    private boolean flushed;
    final Map<String, Document> docs = new LinkedHashMap<>();
    final Set<String> voidedElsewhere = new LinkedHashSet<>();
    final Map<String, List<String>> newRefs = new LinkedHashMap<>();
    long position = -1;
    Instant stored = Instant.EPOCH;

    void advance(long p, Instant s) {
      position = Math.max(position, p);
      if (s.isAfter(stored)) {
        stored = s;
      }
    }

    @Override
    public void flush() {
      if (flushed) {
        return;
      }
      flushed = true;
      List<WriteModel<Document>> writes = new ArrayList<>();
      // new statements are inserted in one round trip; one already there (a replay without a
      // reset) is updated instead, keeping a voiding that was already applied
      for (Document d : insertNew(docs.values())) {
        Document set = new Document(d);
        set.remove("_id");
        Bson update;
        if (d.getBoolean("voided", false)) {
          update = new Document("$set", set);
        } else {
          set.remove("voided");
          update = new Document("$set", set).append("$setOnInsert", new Document("voided", false));
        }
        writes.add(
            new UpdateOneModel<>(
                eq("_id", d.getString("_id")), update, new UpdateOptions().upsert(true)));
      }
      for (String id : voidedElsewhere) {
        writes.add(new UpdateOneModel<>(eq("_id", id), Updates.set("voided", true)));
      }
      newRefs.forEach(
          (target, by) -> {
            refs.updateOne(
                eq("_id", target),
                Updates.addEachToSet("by", by),
                new UpdateOptions().upsert(true));
            refTargets().add(target);
          });
      if (!writes.isEmpty()) {
        statements.bulkWrite(writes, new BulkWriteOptions().ordered(true));
      }
      // statements that arrived before the ones they target now match the targets' filters too
      List<String> referred = docs.keySet().stream().filter(refTargets()::contains).toList();
      if (!referred.isEmpty()) {
        for (Document r : refs.find(in("_id", referred))) {
          propagate(r, docs.get(r.getString("_id")), 0);
        }
      }
      if (position >= 0) {
        progress.advance(position, stored);
      }
    }
  }

  private Set<String> refTargets() {
    Set<String> known = refTargets;
    if (known == null) {
      known = java.util.concurrent.ConcurrentHashMap.newKeySet();
      for (Document r : refs.find().projection(new Document("_id", 1))) {
        known.add(r.getString("_id"));
      }
      refTargets = known;
    }
    return known;
  }

  /** Inserts the documents; returns those whose id was already there. */
  private List<Document> insertNew(Collection<Document> docs) {
    if (docs.isEmpty()) {
      return List.of();
    }
    List<Document> list = new ArrayList<>(docs);
    List<Document> present = new ArrayList<>();
    try {
      statements.insertMany(list, new InsertManyOptions().ordered(false));
    } catch (MongoBulkWriteException e) {
      for (BulkWriteError error : e.getWriteErrors()) {
        if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
          throw e;
        }
        present.add(list.get(error.getIndex()));
      }
    }
    return present;
  }

  private Batch batch() {
    return PendingWrites.ofCurrentBatch(BATCH, Batch::new).orElse(null);
  }

  @EventHandler
  void on(StatementRecordedEvent e) {
    Batch b = batch();
    Batch target = b != null ? b : new Batch();
    apply(e, target);
    if (b == null) {
      target.flush();
    }
  }

  private void apply(StatementRecordedEvent e, Batch b) {
    StatementFacts f = StatementFacts.of(ParsedStatements.of(e.statementId(), e.statement()));
    Document own = ownFields(f);
    Document doc =
        new Document("_id", e.statementId())
            .append("pos", e.position())
            .append("stored", Date.from(e.stored()))
            .append("statement", StoredText.of(e.statement()))
            .append("voided", false)
            .append("voiding", f.voiding())
            .append("target", f.statementRefTarget().orElse(null));
    Document effective = new Document(own);
    f.statementRefTarget()
        .ifPresent(
            t -> {
              Document targetDoc = b.docs.get(t);
              if (targetDoc == null) {
                targetDoc = statements.find(eq("_id", t)).first();
              }
              if (targetDoc != null) {
                widen(effective, targetDoc);
              }
              b.newRefs.computeIfAbsent(t, k -> new ArrayList<>()).add(e.statementId());
            });
    for (String field : FILTER_FIELDS) {
      doc.put(field, effective.get(field));
    }
    b.docs.put(e.statementId(), doc);
    b.advance(e.position(), e.stored());
  }

  @EventHandler
  void on(StatementVoidedEvent e) {
    Batch b = batch();
    Batch target = b != null ? b : new Batch();
    Document doc = target.docs.get(e.voidedStatementId());
    if (doc != null) {
      doc.put("voided", true);
    } else {
      target.voidedElsewhere.add(e.voidedStatementId());
    }
    target.advance(e.position(), e.stored());
    if (b == null) {
      target.flush();
    }
  }

  /**
   * Events that do not touch statements (roster entries, checkpoints) only move the progress, so
   * that "the index has applied the log" holds when the log ends with one of them.
   */
  @EventHandler
  void on(ChainedEvent e) {
    Batch b = batch();
    Batch target = b != null ? b : new Batch();
    target.advance(e.position(), e.stored());
    if (b == null) {
      target.flush();
    }
  }

  private void propagate(Document refsDoc, Document target, int depth) {
    if (depth >= MAX_REF_DEPTH || target == null) {
      return;
    }
    List<String> by = refsDoc.getList("by", String.class);
    Map<String, Document> updated = new HashMap<>();
    for (Document referring : statements.find(in("_id", by))) {
      Document effective =
          ownFields(StatementFacts.of(StrictJson.parseStored(StatementQueries.text(referring))));
      widen(effective, target);
      Document update = new Document();
      for (String field : FILTER_FIELDS) {
        update.put(field, effective.get(field));
      }
      statements.updateOne(eq("_id", referring.getString("_id")), new Document("$set", update));
      referring.putAll(update);
      updated.put(referring.getString("_id"), referring);
    }
    if (!updated.isEmpty()) {
      for (Document r : refs.find(in("_id", updated.keySet()))) {
        propagate(r, updated.get(r.getString("_id")), depth + 1);
      }
    }
  }

  /** The filter fields a statement has by itself, before widening along StatementRefs. */
  private static Document ownFields(StatementFacts f) {
    return new Document("agents", List.copyOf(f.agents()))
        .append("relAgents", List.copyOf(f.relatedAgents()))
        .append("verbs", List.of(f.verbId()))
        .append("acts", List.copyOf(f.activities()))
        .append("relActs", List.copyOf(f.relatedActivities()))
        .append("regs", List.copyOf(f.registrations()));
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

  @ResetHandler
  void reset() {
    statements.drop();
    try {
      // dropping took the indexes along; the rebuilt index must be as fast to read as the old
      statements.createIndexes(StatementQueries.indexes());
    } catch (com.mongodb.MongoCommandException e) {
      // a store that refuses some index kinds; LogConfiguration creates them at start as well
    }
    refs.drop();
    refTargets = null;
    progress.reset();
  }
}
