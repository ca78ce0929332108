package vn.hocba.progress;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.hocba.programme.PersonRecord;
import vn.hocba.programme.ProgrammeIndex;

/**
 * The progress read model: {@code progress_people}, one document per (programme, learner) keyed
 * {@code <programme>|<person>}, with the learner's {@link PersonRecord} as JSON text; and {@code
 * progress_meta}, the digests of the programme files the model was built from.
 */
public final class ProgressStore {

  private static final Logger log = LoggerFactory.getLogger(ProgressStore.class);
  public static final String PEOPLE = "progress_people";
  static final String META = "progress_meta";
  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final MongoCollection<Document> people;
  private final MongoCollection<Document> meta;

  public ProgressStore(MongoDatabase db) {
    this.people = db.getCollection(PEOPLE);
    this.meta = db.getCollection(META);
  }

  /** Every index a real MongoDB needs for the queries below. */
  public static List<IndexModel> indexes() {
    return List.of(new IndexModel(Indexes.ascending("programme", "_id")));
  }

  static String id(String programme, String person) {
    return programme + "|" + person;
  }

  public Optional<PersonRecord> find(String programme, String person) {
    Document d = people.find(eq("_id", id(programme, person))).first();
    return Optional.ofNullable(d).map(ProgressStore::decode);
  }

  Map<String, PersonRecord> findAll(Collection<String> ids) {
    Map<String, PersonRecord> out = new HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    for (Document d : people.find(in("_id", ids))) {
      out.put(d.getString("_id"), decode(d));
    }
    return out;
  }

  /** Streams every learner of a programme, in key order. */
  public void forEach(String programme, Consumer<PersonRecord> each) {
    // in batches: a programme's learners together are far beyond one reply's 48 MB limit, and
    // the embedded store answers a find without batchSize with everything at once
    for (Document d :
        people.find(eq("programme", programme)).sort(new Document("_id", 1)).batchSize(500)) {
      each.accept(decode(d));
    }
  }

  static Document encode(PersonRecord r) {
    try {
      return new Document("_id", id(r.programme(), r.person()))
          .append("programme", r.programme())
          .append("r", JSON.writeValueAsString(r));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static PersonRecord decode(Document d) {
    try {
      return JSON.readValue(d.getString("r"), PersonRecord.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable progress document " + d.get("_id"), e);
    }
  }

  void replaceAll(Collection<PersonRecord> records) {
    List<com.mongodb.client.model.WriteModel<Document>> writes = new ArrayList<>();
    for (PersonRecord r : records) {
      writes.add(
          new com.mongodb.client.model.ReplaceOneModel<>(
              eq("_id", id(r.programme(), r.person())),
              encode(r),
              new ReplaceOptions().upsert(true)));
    }
    if (!writes.isEmpty()) {
      people.bulkWrite(writes);
    }
  }

  public void drop() {
    people.drop();
    meta.deleteMany(new Document());
  }

  /**
   * True when the read model was built from exactly these programmes. When not, it must be rebuilt
   * from event zero: a changed rule or denominator changes history's meaning.
   */
  public boolean builtFor(List<ProgrammeIndex> programmes) {
    Document d = meta.find(eq("_id", "programmes")).first();
    return d != null && d.get("digests", Document.class).equals(digests(programmes));
  }

  /** Records the programmes the model is being built from. */
  public void markBuiltFor(List<ProgrammeIndex> programmes) {
    meta.replaceOne(
        eq("_id", "programmes"),
        new Document("_id", "programmes").append("digests", digests(programmes)),
        new ReplaceOptions().upsert(true));
    log.info("progress read model built for {} programme(s)", programmes.size());
  }

  private static Document digests(List<ProgrammeIndex> programmes) {
    Document d = new Document();
    programmes.stream()
        .sorted(java.util.Comparator.comparing(p -> p.programme().id()))
        .forEach(p -> d.append(p.programme().id(), p.programme().digest()));
    return d;
  }
}
