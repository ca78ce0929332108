package vn.hocba.lrs.security;

import static com.mongodb.client.model.Filters.eq;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import vn.hocba.xapi.json.StrictJson;

/**
 * Credentials in MongoDB, secrets as salted PBKDF2 hashes. A verified secret is remembered as a
 * SHA-256 digest so that the slow hash runs once per credential, not once per request.
 */
@Component
public class Credentials {

  private static final Logger log = LoggerFactory.getLogger(Credentials.class);
  static final String COLLECTION = "credentials";
  private static final int ITERATIONS = 120_000;

  private final MongoCollection<Document> credentials;
  private final String authorityHomePage;
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  private record Verified(byte[] digest, Principal principal) {}

  Credentials(
      MongoDatabase db,
      @Value("${lrs.bootstrap.key:}") String bootstrapKey,
      @Value("${lrs.bootstrap.secret:}") String bootstrapSecret,
      @Value("${lrs.authority-home-page:https://hocba.vn/credentials}") String authorityHomePage) {
    this.credentials = db.getCollection(COLLECTION);
    this.authorityHomePage = authorityHomePage;
    if (!bootstrapKey.isBlank() && !bootstrapSecret.isBlank()) {
      if (create(bootstrapKey, bootstrapSecret, List.of("all"), "bootstrap")) {
        log.info("bootstrap credential created");
      }
    } else if (credentials.countDocuments() == 0) {
      log.warn("no credential exists: set LRS_BOOTSTRAP_KEY and LRS_BOOTSTRAP_SECRET");
    }
  }

  /** Creates a credential unless one with this key exists; true when created. */
  public boolean create(String key, String secret, List<String> scopes, String label) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    Document d =
        new Document("_id", key)
            .append("salt", HexFormat.of().formatHex(salt))
            .append("hash", HexFormat.of().formatHex(pbkdf2(secret, salt)))
            .append("scopes", scopes)
            .append("label", label);
    try {
      credentials.insertOne(d);
      return true;
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
    }
  }

  /** The principal for this key and secret, if they match a credential. */
  public Optional<Principal> authenticate(String key, String secret) {
    byte[] digest = sha256(key + '\u0000' + secret);
    Verified v = verified.get(key);
    if (v != null && MessageDigest.isEqual(v.digest(), digest)) {
      return Optional.of(v.principal());
    }
    Document d = credentials.find(eq("_id", key)).first();
    if (d == null) {
      return Optional.empty();
    }
    byte[] expected = HexFormat.of().parseHex(d.getString("hash"));
    byte[] actual = pbkdf2(secret, HexFormat.of().parseHex(d.getString("salt")));
    if (!MessageDigest.isEqual(expected, actual)) {
      return Optional.empty();
    }
    Principal p =
        new Principal(key, new HashSet<>(d.getList("scopes", String.class)), authority(key));
    verified.put(key, new Verified(digest, p));
    return Optional.of(p);
  }

  private ObjectNode authority(String key) {
    ObjectNode a = StrictJson.mapper().createObjectNode();
    a.put("objectType", "Agent");
    ObjectNode account = a.putObject("account");
    account.put("homePage", authorityHomePage);
    account.put("name", key);
    return a;
  }

  private static byte[] pbkdf2(String secret, byte[] salt) {
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
          .generateSecret(new PBEKeySpec(secret.toCharArray(), salt, ITERATIONS, 256))
          .getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
    }
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
