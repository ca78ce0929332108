package vn.hocba.lrs.store;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.regex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOptions;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/**
 * What an {@code _id} index must do whatever the collection's layout: the scenario {@link
 * IdIndexTest} runs on collections an earlier version made and {@link RecordLayoutTest} on those
 * this version makes.
 */
final class IdCases {

  private IdCases() {}

  static Document thing(Object id) {
    return new Document("_id", id).append("v", String.valueOf(id));
  }

  /** A taken id is refused, named in the error, and nothing of the refused document is kept. */
  static void refusesDuplicates(MongoCollection<Document> things, Object id) {
    long before = things.countDocuments();
    assertThatThrownBy(() -> things.insertOne(thing(id).append("refused", true)))
        .isInstanceOfSatisfying(
            MongoWriteException.class,
            e -> {
              assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY);
              assertThat(e.getError().getMessage()).contains("_id_").contains(String.valueOf(id));
            });
    assertThat(things.countDocuments()).isEqualTo(before);
    assertThat(things.countDocuments(eq("refused", true))).isZero();
  }

  /**
   * 500 string ids: uniqueness (one insert, an unordered batch), finds by id, {@code $in} and
   * regex, delete and re-insert, upserts. Leaves 503 documents, {@code id-4} replaced.
   */
  static void stringIds(MongoCollection<Document> things) {
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      docs.add(thing("id-" + i));
    }
    things.insertMany(docs);
    refusesDuplicates(things, "id-7");
    // a batch with one taken id stores the others and names the taken one
    assertThatThrownBy(
            () ->
                things.insertMany(
                    List.of(thing("id-600"), thing("id-8"), thing("id-601")),
                    new InsertManyOptions().ordered(false)))
        .isInstanceOfSatisfying(
            MongoBulkWriteException.class,
            e -> assertThat(e.getWriteErrors()).singleElement().extracting("index").isEqualTo(1));
    assertThat(things.find(eq("_id", "id-42")).first()).isEqualTo(thing("id-42"));
    assertThat(things.find(in("_id", "id-1", "id-2", "nope")).into(new ArrayList<>()))
        .containsExactlyInAnyOrder(thing("id-1"), thing("id-2"));
    assertThat(things.find(regex("_id", "^id-60")).into(new ArrayList<>()))
        .containsExactlyInAnyOrder(thing("id-60"), thing("id-600"), thing("id-601"));
    things.deleteOne(eq("_id", "id-3"));
    assertThat(things.find(eq("_id", "id-3")).first()).isNull();
    things.insertOne(thing("id-3"));
    things.replaceOne(
        eq("_id", "id-4"), new Document("v", "changed"), new ReplaceOptions().upsert(true));
    things.replaceOne(
        eq("_id", "id-new"), new Document("v", "upserted"), new ReplaceOptions().upsert(true));
    assertThat(things.find(eq("_id", "id-4")).first()).containsEntry("v", "changed");
    assertThat(things.countDocuments()).isEqualTo(503);
  }

  /** After a reopen, what {@link #stringIds} left is still there and still unique. */
  static void stringIdsAfterReopen(MongoCollection<Document> things) {
    refusesDuplicates(things, "id-9");
    refusesDuplicates(things, "id-new");
    assertThat(things.find(eq("_id", "id-499")).first()).isEqualTo(thing("id-499"));
    assertThat(things.find(eq("_id", "id-3")).first()).isEqualTo(thing("id-3"));
    assertThat(things.countDocuments()).isEqualTo(503);
  }
}
