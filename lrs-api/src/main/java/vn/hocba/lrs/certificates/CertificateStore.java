package vn.hocba.lrs.certificates;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * {@code certificates}: one document per issued certificate, {@code _id} = certificate id, with the
 * signed file as issued, the full person key (never shown) and {@code proof}, the unique key {@code
 * <programme>|<person>|<proof hash>} that makes issuing idempotent.
 */
public final class CertificateStore {

  public static final String COLLECTION = "certificates";

  /** One issued certificate. */
  record Stored(String id, String programme, String person, String proof, String file) {}

  private final MongoCollection<Document> certificates;

  CertificateStore(MongoDatabase db) {
    this.certificates = db.getCollection(COLLECTION);
  }

  /** The unique proof key, and the learner's listing. */
  public static List<IndexModel> indexes() {
    return List.of(
        new IndexModel(Indexes.ascending("proof"), new IndexOptions().unique(true)),
        new IndexModel(Indexes.ascending("programme", "person", "issuedAt")));
  }

  Optional<Stored> find(String id) {
    return Optional.ofNullable(certificates.find(eq("_id", id)).first()).map(CertificateStore::of);
  }

  boolean hasProof(String proof) {
    return certificates.find(eq("proof", proof)).first() != null;
  }

  /** Oldest first. */
  List<Stored> of(String programme, String person) {
    List<Stored> out = new ArrayList<>();
    for (Document d :
        certificates
            .find(and(eq("programme", programme), eq("person", person)))
            .sort(Sorts.ascending("issuedAt"))) {
      out.add(of(d));
    }
    return out;
  }

  /** Stores a certificate; false when one for the same proof exists already. */
  boolean insert(Stored s, String issuedAt) {
    try {
      certificates.insertOne(
          new Document("_id", s.id())
              .append("proof", s.proof())
              .append("programme", s.programme())
              .append("person", s.person())
              .append("issuedAt", issuedAt)
              .append("file", s.file()));
      return true;
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
    }
  }

  private static Stored of(Document d) {
    return new Stored(
        d.getString("_id"),
        d.getString("programme"),
        d.getString("person"),
        d.getString("proof"),
        d.getString("file"));
  }
}
