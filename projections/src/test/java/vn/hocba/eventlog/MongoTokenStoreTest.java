package vn.hocba.eventlog;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Token claims between two LRS processes sharing one database. */
class MongoTokenStoreTest {

  final MongoTestSupport mongo = new MongoTestSupport();
  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-29T00:00:00Z"));
  final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now.get();
        }
      };

  @AfterEach
  void close() {
    mongo.close();
  }

  private MongoTokenStore store(String owner) {
    return new MongoTokenStore(
        mongo.db, MongoTestSupport.serializer(), owner, clock, Duration.ofSeconds(10));
  }

  private static GapAwareTrackingToken at(long position) {
    return new GapAwareTrackingToken(position, List.of());
  }

  @Test
  @DisplayName("a claimed segment is stored and extended by its owner only, until the claim ends")
  void claims() {
    MongoTokenStore a = store("a");
    MongoTokenStore b = store("b");
    a.initializeTokenSegments("p", 1, null);

    assertThat(a.fetchToken("p", 0)).isNull(); // a claims the segment
    a.storeToken(at(5), "p", 0);
    a.extendClaim("p", 0);
    assertThatThrownBy(() -> b.storeToken(at(9), "p", 0))
        .isInstanceOf(UnableToClaimTokenException.class);
    assertThatThrownBy(() -> b.extendClaim("p", 0)).isInstanceOf(UnableToClaimTokenException.class);
    assertThat(a.fetchToken("p", 0)).isEqualTo(at(5)); // b's attempt changed nothing

    now.set(now.get().plusSeconds(11)); // a stopped extending: the claim times out
    b.storeToken(at(7), "p", 0);
    assertThatThrownBy(() -> a.extendClaim("p", 0)).isInstanceOf(UnableToClaimTokenException.class);

    b.releaseClaim("p", 0);
    assertThat(a.fetchToken("p", 0)).isEqualTo(at(7));
  }

  private Object claimed(String key) {
    return mongo
        .db
        .getCollection(MongoTokenStore.COLLECTION)
        .find(eq("_id", key))
        .first()
        .get("claimed");
  }

  @Test
  @DisplayName("a claim written less than a fifth of the timeout ago is extended without a write")
  void freshClaimsAreNotRewritten() {
    MongoTokenStore a = store("a");
    a.initializeTokenSegments("p", 1, null);
    a.fetchToken("p", 0);
    Object first = claimed("p/0");

    now.set(now.get().plusSeconds(1));
    a.extendClaim("p", 0);
    assertThat(claimed("p/0")).isEqualTo(first); // written 1 s ago, timeout 10 s: nothing to do

    now.set(now.get().plusSeconds(1));
    a.extendClaim("p", 0);
    assertThat(claimed("p/0")).isEqualTo(now.get().toEpochMilli()); // 2 s: written again

    a.storeToken(at(4), "p", 0);
    now.set(now.get().plusMillis(1500));
    a.extendClaim("p", 0);
    assertThat(claimed("p/0")).isEqualTo(now.get().minusMillis(1500).toEpochMilli());

    // released, the segment is another node's to take; a's next extension asks the store and fails
    a.releaseClaim("p", 0);
    store("b").fetchToken("p", 0);
    assertThatThrownBy(() -> a.extendClaim("p", 0)).isInstanceOf(UnableToClaimTokenException.class);
  }

  @Test
  @DisplayName("storing the token of a segment never initialized creates it")
  void storeCreates() {
    MongoTokenStore a = store("a");
    a.storeToken(at(3), "q", 0);
    assertThat(a.fetchToken("q", 0)).isEqualTo(at(3));
  }

  @Test
  @DisplayName(
      "how far a processor got is the smallest position of its segments, read without a claim")
  void appliedThrough() {
    MongoTokenStore a = store("a");
    assertThat(a.appliedThrough("p")).isEmpty(); // never ran
    a.initializeTokenSegments("p", 2, null);
    assertThat(a.appliedThrough("p")).isEmpty(); // segments from the tail: nothing applied
    a.fetchToken("p", 0);
    a.fetchToken("p", 1);
    a.storeToken(at(41), "p", 0);
    assertThat(a.appliedThrough("p")).isEmpty(); // segment 1 has none yet
    a.storeToken(at(37), "p", 1);
    assertThat(a.appliedThrough("p")).hasValue(37);
    // reading claimed nothing: another node still cannot take a segment "a" holds
    MongoTokenStore b = store("b");
    assertThat(b.appliedThrough("p")).hasValue(37);
    assertThatThrownBy(() -> b.fetchToken("p", 0)).isInstanceOf(UnableToClaimTokenException.class);
    a.releaseClaim("p", 1);
    assertThat(b.fetchToken("p", 1)).isEqualTo(at(37));
  }
}
