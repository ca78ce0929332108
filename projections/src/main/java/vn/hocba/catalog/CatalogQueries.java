package vn.hocba.catalog;

import static com.mongodb.client.model.Filters.eq;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import vn.hocba.xapi.json.StrictJson;

/** Reads of the catalog: keyed look-ups only, served from {@code _id} by every store. */
public final class CatalogQueries {

  private final MongoCollection<Document> agents;
  private final MongoCollection<Document> activities;

  public CatalogQueries(MongoDatabase db) {
    this.agents = db.getCollection(CatalogProjector.AGENTS);
    this.activities = db.getCollection(CatalogProjector.ACTIVITIES);
  }

  /** Names seen in statements for the Agent or Group of this IFI key, in order of first use. */
  public List<String> names(String ifiKey) {
    Document d = agents.find(eq("_id", ifiKey)).first();
    return d == null ? List.of() : d.getList("names", String.class);
  }

  /** The activity with its canonical definition merged from statements, if any defined it. */
  public Optional<JsonNode> activity(String activityId) {
    return Optional.ofNullable(activities.find(eq("_id", activityId)).first())
        .map(d -> StrictJson.parseStored(d.getString("activity")));
  }
}
