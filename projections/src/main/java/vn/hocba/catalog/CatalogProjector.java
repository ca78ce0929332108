package vn.hocba.catalog;

import static com.mongodb.client.model.Filters.eq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.bson.Document;
import vn.hocba.projection.ParsedStatements;
import vn.hocba.projection.PendingWrites;
import vn.hocba.statementindex.IndexProgress;
import vn.hocba.statements.ChainedEvent;
import vn.hocba.statements.StatementRecordedEvent;
import vn.hocba.xapi.json.StrictJson;
import vn.hocba.xapi.statements.AgentKeys;

/**
 * Projects the statement log into what the Agents (Communication 2.4) and Activities (2.5)
 * Resources know: {@code catalog_agents}, one document per Agent or Identified Group IFI key with
 * its identifier and the names it was given, and {@code catalog_activities}, one per activity id
 * with the definition merged from every statement that defined it.
 *
 * <p>Idempotent: documents are keyed by IFI key and activity id, names are a set, and a definition
 * merged again with itself is unchanged, so a replay from position 0 rebuilds the same documents.
 * Voiding does not remove what a statement taught about an activity or a name.
 */
@ProcessingGroup(CatalogProjector.GROUP)
public final class CatalogProjector {

  public static final String GROUP = "catalog";
  static final String AGENTS = "catalog_agents";
  static final String ACTIVITIES = "catalog_activities";
  private static final String BATCH = CatalogProjector.class.getName() + ".batch";
  private static final Set<String> IFIS = Set.of("mbox", "mbox_sha1sum", "openid", "account");
  private static final Set<String> MERGED_MAPS = Set.of("name", "description", "extensions");

  private final MongoCollection<Document> agents;
  private final MongoCollection<Document> activities;
  private final IndexProgress progress;

  public CatalogProjector(MongoDatabase db, IndexProgress progress) {
    this.agents = db.getCollection(AGENTS);
    this.activities = db.getCollection(ACTIVITIES);
    this.progress = progress;
  }

  /**
   * Last written state of recently seen agents and activities. Only this projector writes the
   * catalog (one segment), so the cache always agrees with the store; it saves a look-up per agent
   * and activity per batch, and unchanged entries are not written again.
   *
   * <p>What the caches hold is never changed: a batch that adds a name or a definition changes a
   * copy of its own, which replaces the cached one only once it is written. Nearly every statement
   * names an agent and an activity the catalog knows as they are, and then nothing is copied,
   * parsed or serialized (a copy of each agent's document and a parse of each activity's JSON per
   * batch were about a quarter of this projector's samples in a profile under ingest).
   */
  private final Map<String, Document> agentCache = lru(20_000);

  /** Activity trees: several times their JSON text, so fewer than the agents. */
  private final Map<String, ObjectNode> activityCache = lru(10_000);

  private static <V> Map<String, V> lru(int size) {
    return new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > size;
      }
    };
  }

  /**
   * What one processor batch changes. The documents and trees of the keys it saw are shared with
   * the cache (or just read from the store) until the batch changes one: then it takes a copy of
   * its own and marks the key changed, and only changed keys are written.
   */
  private final class Batch implements PendingWrites {
    private boolean flushed;
    final Map<String, Document> agentDocs = new LinkedHashMap<>();
    final Set<String> changedAgents = new LinkedHashSet<>();
    final Map<String, ObjectNode> activityDocs = new LinkedHashMap<>();
    final Set<String> changedActivities = new LinkedHashSet<>();
    long position = -1;
    Instant stored = Instant.EPOCH;

    @Override
    public void flush() {
      if (flushed) {
        return;
      }
      flushed = true;
      List<WriteModel<Document>> a = new ArrayList<>();
      for (String k : changedAgents) {
        a.add(
            new ReplaceOneModel<>(
                eq("_id", k), agentDocs.get(k), new ReplaceOptions().upsert(true)));
      }
      if (!a.isEmpty()) {
        agents.bulkWrite(a, new BulkWriteOptions().ordered(true));
      }
      List<WriteModel<Document>> b = new ArrayList<>();
      for (String id : changedActivities) {
        b.add(
            new ReplaceOneModel<>(
                eq("_id", id),
                new Document("_id", id).append("activity", StrictJson.write(activityDocs.get(id))),
                new ReplaceOptions().upsert(true)));
      }
      if (!b.isEmpty()) {
        activities.bulkWrite(b, new BulkWriteOptions().ordered(true));
      }
      agentDocs.forEach(agentCache::put);
      activityDocs.forEach(activityCache::put);
      if (position >= 0) {
        progress.advance(position, stored);
      }
    }
  }

  private Batch batch() {
    return PendingWrites.ofCurrentBatch(BATCH, Batch::new).orElse(null);
  }

  @EventHandler
  void on(StatementRecordedEvent e) {
    Batch b = batch();
    Batch target = b != null ? b : new Batch();
    JsonNode statement = ParsedStatements.of(e.statementId(), e.statement());
    collect(statement, target);
    target.position = Math.max(target.position, e.position());
    if (e.stored().isAfter(target.stored)) {
      target.stored = e.stored();
    }
    if (b == null) {
      target.flush();
    }
  }

  /**
   * Every other event (voidings, roster entries, checkpoints) only moves the progress, so that the
   * catalog catches up with the statement index's position rather than waiting for a statement.
   */
  @EventHandler
  void on(ChainedEvent e) {
    Batch b = batch();
    Batch target = b != null ? b : new Batch();
    target.position = Math.max(target.position, e.position());
    if (e.stored().isAfter(target.stored)) {
      target.stored = e.stored();
    }
    if (b == null) {
      target.flush();
    }
  }

  /** The agents and activities of a statement or sub-statement (not its authority). */
  private void collect(JsonNode s, Batch b) {
    agent(s.get("actor"), b);
    JsonNode object = s.get("object");
    if (object != null && object.isObject()) {
      String type = object.path("objectType").asText("Activity");
      switch (type) {
        case "Activity" -> activity(object, b);
        case "Agent", "Group" -> agent(object, b);
        case "SubStatement" -> collect(object, b);
        default -> {}
      }
    }
    JsonNode context = s.get("context");
    if (context != null && context.isObject()) {
      agent(context.get("instructor"), b);
      agent(context.get("team"), b);
      JsonNode ca = context.get("contextActivities");
      if (ca != null && ca.isObject()) {
        for (Iterator<JsonNode> it = ca.elements(); it.hasNext(); ) {
          JsonNode v = it.next();
          if (v.isArray()) {
            v.forEach(a -> activity(a, b));
          } else {
            activity(v, b);
          }
        }
      }
    }
  }

  private void agent(JsonNode a, Batch b) {
    if (a == null || !a.isObject()) {
      return;
    }
    JsonNode members = a.get("member");
    if (members != null && members.isArray()) {
      members.forEach(m -> agent(m, b));
    }
    Optional<String> key = AgentKeys.key(a);
    if (key.isEmpty()) {
      return;
    }
    Document d = b.agentDocs.get(key.get());
    if (d == null) {
      d = agentCache.get(key.get());
      if (d == null) {
        d = agents.find(eq("_id", key.get())).first();
      }
      if (d == null) {
        b.changedAgents.add(key.get());
        Document ifi = new Document();
        for (String f : IFIS) {
          JsonNode v = a.get(f);
          if (v != null) {
            ifi.put(f, v.isObject() ? Document.parse(v.toString()) : v.asText());
          }
        }
        d =
            new Document("_id", key.get())
                .append("objectType", a.path("objectType").asText("Agent"))
                .append("ifi", ifi)
                .append("names", new ArrayList<String>());
      }
      b.agentDocs.put(key.get(), d);
    }
    JsonNode name = a.get("name");
    if (name != null
        && name.isTextual()
        && !d.getList("names", String.class).contains(name.asText())) {
      if (b.changedAgents.add(key.get())) {
        d = copy(d);
        b.agentDocs.put(key.get(), d);
      }
      d.getList("names", String.class).add(name.asText());
    }
  }

  private void activity(JsonNode a, Batch b) {
    if (a == null || !a.isObject() || !a.path("id").isTextual()) {
      return;
    }
    String id = a.get("id").asText();
    ObjectNode current = b.activityDocs.get(id);
    if (current == null) {
      current = activityCache.get(id);
      if (current == null) {
        Document d = activities.find(eq("_id", id)).first();
        if (d != null) {
          current = (ObjectNode) StrictJson.parseStored(d.getString("activity"));
        }
      }
      if (current == null) {
        current =
            StrictJson.mapper().createObjectNode().put("objectType", "Activity").put("id", id);
        b.changedActivities.add(id);
      }
      b.activityDocs.put(id, current);
    }
    if (a.get("definition") instanceof ObjectNode definition && changes(current, definition)) {
      if (b.changedActivities.add(id)) {
        current = current.deepCopy();
        b.activityDocs.put(id, current);
      }
      merge(current, definition);
    }
  }

  /**
   * Whether {@link #merge} would change {@code activity}. Conservative: values count as the same
   * only when they would be written as the same JSON (numbers of one node type and one exact value,
   * strings and literals equal; members of an object in any order), so a doubt means a write.
   */
  static boolean changes(ObjectNode activity, ObjectNode definition) {
    if (!(activity.get("definition") instanceof ObjectNode into)) {
      return true;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = definition.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      JsonNode old = into.get(f.getKey());
      if (MERGED_MAPS.contains(f.getKey())
          && old instanceof ObjectNode oldMap
          && f.getValue() instanceof ObjectNode newMap) {
        for (Iterator<Map.Entry<String, JsonNode>> m = newMap.fields(); m.hasNext(); ) {
          Map.Entry<String, JsonNode> e = m.next();
          if (!same(oldMap.get(e.getKey()), e.getValue())) {
            return true;
          }
        }
      } else if (!same(old, f.getValue())) {
        return true;
      }
    }
    return false;
  }

  private static boolean same(JsonNode old, JsonNode value) {
    return old != null && old.equals(CatalogProjector::compareLeaves, value);
  }

  /** 0 when two scalar nodes write the same JSON text; numbers must be of one node type. */
  private static int compareLeaves(JsonNode x, JsonNode y) {
    if (x.isNumber() || y.isNumber()) {
      return x.getClass() == y.getClass() && x.numberValue().equals(y.numberValue()) ? 0 : 1;
    }
    return x.equals(y) ? 0 : 1;
  }

  /**
   * Merges a definition into the canonical one: language maps and extensions key by key (the later
   * statement wins a key), every other property is replaced by the later statement's.
   */
  static void merge(ObjectNode activity, ObjectNode definition) {
    JsonNode existing = activity.get("definition");
    ObjectNode into = existing instanceof ObjectNode o ? o : activity.putObject("definition");
    definition
        .fields()
        .forEachRemaining(
            f -> {
              JsonNode old = into.get(f.getKey());
              if (MERGED_MAPS.contains(f.getKey())
                  && old instanceof ObjectNode oldMap
                  && f.getValue() instanceof ObjectNode newMap) {
                oldMap.setAll(newMap.deepCopy());
              } else {
                into.set(f.getKey(), f.getValue().deepCopy());
              }
            });
  }

  private static Document copy(Document d) {
    Document out = new Document(d);
    out.put("names", new ArrayList<>(d.getList("names", String.class)));
    return out;
  }

  @ResetHandler
  void reset() {
    agentCache.clear();
    activityCache.clear();
    agents.drop();
    activities.drop();
    progress.reset();
  }
}
