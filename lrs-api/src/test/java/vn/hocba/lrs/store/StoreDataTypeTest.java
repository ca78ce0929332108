package vn.hocba.lrs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.hocba.lrs.store.TestServers.withServer;

import com.mongodb.MongoWriteException;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreDataTypeTest {

  final StoreDataType type = new StoreDataType();

  /** H2's own order of two keys that are not Comparable: their Java-serialized bytes, unsigned. */
  static int h2Order(Object a, Object b) {
    return ObjectDataType.compareNotNull(ObjectDataType.serialize(a), ObjectDataType.serialize(b));
  }

  static List<Object> sampleValues(Random random) {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      values.add(UUID.randomUUID().toString());
    }
    String alphabet = "abcXYZ019-_:/. ~\u007f";
    for (int i = 0; i < 60; i++) {
      StringBuilder s = new StringBuilder();
      int n = random.nextInt(12);
      for (int j = 0; j < n; j++) {
        s.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      values.add(s.toString());
    }
    values.addAll(List.of("", "a", "b", "ab", "é", "\u0000", "a\u0000", "Tam Kỳ", "\uD83D\uDE00"));
    values.add("x".repeat(70_000));
    values.add("x".repeat(65_535));
    for (int i = 0; i < 40; i++) {
      values.add(random.nextLong());
      values.add((long) random.nextInt(1000));
      values.add(random.nextInt());
      values.add(random.nextDouble() * 1e6 - 5e5);
    }
    values.addAll(
        List.of(
            0L,
            -1L,
            Long.MIN_VALUE,
            Long.MAX_VALUE,
            0,
            -1,
            0.0,
            -0.0,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            true));
    return values;
  }

  @Test
  @DisplayName("index keys compare exactly as H2 orders their serialized bytes")
  void compareKeepsH2Order() {
    Random random = new Random(7);
    List<Object> values = sampleValues(random);
    int decidedFast = 0;
    for (Object p : values) {
      for (Object q : values) {
        KeyValue a = new KeyValue(p);
        KeyValue b = new KeyValue(q);
        assertThat(type.compare(a, b))
            .as("%s vs %s", shortened(p), shortened(q))
            .isEqualTo(h2Order(a, b));
        if (StoreDataType.compareSingle(p, q) != StoreDataType.UNDECIDED) {
          decidedFast++;
        }
      }
    }
    // two-value keys and mixed types take H2's own path, still in H2's order
    for (int i = 0; i < 2000; i++) {
      KeyValue a =
          new KeyValue(
              values.get(random.nextInt(values.size())), values.get(random.nextInt(values.size())));
      KeyValue b =
          new KeyValue(
              values.get(random.nextInt(values.size())), values.get(random.nextInt(values.size())));
      assertThat(type.compare(a, b)).isEqualTo(h2Order(a, b));
    }
    assertThat(decidedFast).as("pairs decided without serializing").isGreaterThan(20_000);
  }

  @Test
  @DisplayName("the ids the LRS writes are compared without serializing")
  void idsTakeTheFastPath() {
    String a = UUID.randomUUID().toString();
    String b = UUID.randomUUID().toString();
    assertThat(StoreDataType.compareSingle(a, b)).isNotEqualTo(StoreDataType.UNDECIDED);
    assertThat(StoreDataType.compareSingle(12L, 7L)).isEqualTo(1);
    assertThat(StoreDataType.compareSingle(12.0, 7.0)).isEqualTo(1);
    assertThat(StoreDataType.compareSingle("Tam Kỳ", "a")).isEqualTo(StoreDataType.UNDECIDED);
  }

  Object roundTrip(Object value, int expectedTag) {
    WriteBuffer buffer = new WriteBuffer();
    type.write(buffer, value);
    ByteBuffer bytes = buffer.getBuffer();
    bytes.flip();
    assertThat(bytes.get(0) & 0xFF).as("tag written for %s", value).isEqualTo(expectedTag);
    Object back = type.read(bytes);
    assertThat(bytes.remaining()).isZero();
    return back;
  }

  static final int JAVA_SERIALIZED = 19;

  @Test
  @DisplayName("documents and keys come back equal, with values of the same classes")
  void roundTrips() {
    Document nested = new Document("verb", "http://adlnet.gov/expapi/verbs/completed");
    nested.put("score", 0.85);
    nested.put("list", new ArrayList<>(List.of("a", 1, 2L, new Document("x", null))));
    Document doc = new Document("_id", UUID.randomUUID().toString());
    doc.put("c", 123_456_789_012L);
    doc.put("n", 42);
    doc.put("v", true);
    doc.put("ts", Instant.parse("2026-11-28T10:15:30.123Z"));
    doc.put("oid", new ObjectId());
    doc.put("statement", "{\"actor\":{\"name\":\"Nguyễn Văn A 😀\"}}");
    doc.put("nested", nested);
    doc.put("nothing", null);
    doc.put("events", new BinData(new byte[] {'[', 0, (byte) 0xFF, ']'})); // decision 20
    doc.put("empty", new BinData(new byte[0]));
    doc.put("nan", Double.NaN);
    Object back = roundTrip(doc, StoreDataType.TAG_DOCUMENT);
    assertThat(back).isEqualTo(doc);
    assertSameClasses(doc, back);

    // what BSON would not give back identically keeps H2's Java serialization; generic binary
    // (BinData) comes back as BinData, decoded by mongo-java-server from a commit's events
    for (Map.Entry<String, Object> odd :
        Map.<String, Object>of(
                "nanos",
                Instant.parse("2026-11-28T10:15:30.123456Z"),
                "lone surrogate",
                "a\uD800b",
                "immutable list",
                List.of("a"))
            .entrySet()) {
      Document d = new Document("_id", odd.getKey()).append("v", odd.getValue());
      Object b = roundTrip(d, JAVA_SERIALIZED);
      assertThat(b).as(odd.getKey()).isEqualTo(d);
    }

    Document nulName = new Document("_id", "nul").append("a\u0000b", 1);
    assertThat(roundTrip(nulName, JAVA_SERIALIZED)).isEqualTo(nulName);
    Document deep =
        new Document("_id", "deep")
            .append(
                "rows", new ArrayList<>(List.of(new ArrayList<>(List.of(new Document("k", 1L))))))
            .append("tên", "Nguyễn");
    Object deepBack = roundTrip(deep, StoreDataType.TAG_DOCUMENT);
    assertThat(deepBack).isEqualTo(deep);
    assertSameClasses(deep, deepBack);

    for (KeyValue k :
        List.of(
            new KeyValue("id-1"),
            new KeyValue(7L),
            new KeyValue(3, 4.5, true),
            new KeyValue((Object) null),
            new KeyValue("é", -1L))) {
      Object b = roundTrip(k, StoreDataType.TAG_KEY);
      assertThat(b).isEqualTo(k);
      assertSameClasses(k, b);
    }
    assertThat(roundTrip(new KeyValue(new ObjectId()), JAVA_SERIALIZED)).isNotNull();
    assertThat(roundTrip("plain", 88 + 5)).isEqualTo("plain"); // H2's own short-string tag
  }

  @Test
  @DisplayName("strings are written as the UTF-8 Java writes, and a lone surrogate is refused")
  void utf8AsJavaWritesIt() {
    Random random = new Random(11);
    for (int i = 0; i < 5000; i++) {
      StringBuilder s = new StringBuilder();
      int n = random.nextInt(40);
      for (int j = 0; j < n; j++) {
        switch (random.nextInt(5)) {
          case 0 -> s.append((char) random.nextInt(0x80));
          case 1 -> s.append((char) (0x80 + random.nextInt(0x780)));
          case 2 -> s.append((char) (0x800 + random.nextInt(0xD000 - 0x800)));
          case 3 -> s.append((char) (0xE000 + random.nextInt(0x2000)));
          default -> s.appendCodePoint(0x10000 + random.nextInt(0x100000));
        }
      }
      WriteBuffer buffer = new WriteBuffer(8);
      buffer.put((byte) 7);
      int length = Bson.utf8(buffer, s.toString());
      byte[] expected = s.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      assertThat(length).isEqualTo(expected.length);
      ByteBuffer written = buffer.getBuffer().flip();
      written.get();
      byte[] actual = new byte[written.remaining()];
      written.get(actual);
      assertThat(actual).isEqualTo(expected);
    }
    assertThat(Bson.utf8(new WriteBuffer(), "a\uD800")).isEqualTo(-1);
    assertThat(Bson.utf8(new WriteBuffer(), "\uDC00b")).isEqualTo(-1);
    assertThat(Bson.utf8(new WriteBuffer(), "\uD83D\uDE00")).isEqualTo(4);
  }

  static void assertSameClasses(Object a, Object b) {
    if (a == null) {
      assertThat(b).isNull();
      return;
    }
    assertThat(b).isNotNull();
    assertThat(b.getClass()).as("class of %s", a).isEqualTo(a.getClass());
    if (a instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        assertSameClasses(e.getValue(), ((Map<?, ?>) b).get(e.getKey()));
      }
    } else if (a instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        assertSameClasses(l.get(i), ((List<?>) b).get(i));
      }
    } else if (a instanceof KeyValue k) {
      for (int i = 0; i < k.size(); i++) {
        assertSameClasses(k.get(i), ((KeyValue) b).get(i));
      }
    }
  }

  @TempDir Path dir;

  static org.bson.Document thing(int i) {
    return new org.bson.Document("_id", "id-" + i)
        .append("code", "code-" + i)
        .append("n", (long) i)
        .append("at", java.util.Date.from(Instant.ofEpochMilli(1_700_000_000_000L + i)));
  }

  @Test
  @DisplayName("a store written by plain mongo-java-server opens, is found by key, and grows")
  void legacyStoreOpens() {
    Path file = dir.resolve("store.mv");
    int legacy = 3000;
    withServer(
        new H2Backend(EmbeddedStore.open(file, 16)),
        things -> {
          things.createIndex(Indexes.ascending("code"), new IndexOptions().unique(true));
          List<org.bson.Document> docs = new ArrayList<>();
          for (int i = 0; i < legacy; i++) {
            docs.add(thing(i));
          }
          return things.insertMany(docs);
        });

    for (int round = 0; round < 2; round++) {
      int from = legacy + round * 1000;
      withServer(
          new StoreBackend(EmbeddedStore.open(file, 16)),
          things -> {
            for (int i = 0; i < from; i += 97) {
              assertThat(things.find(new org.bson.Document("_id", "id-" + i)).first())
                  .isEqualTo(thing(i));
              assertThat(things.find(new org.bson.Document("code", "code-" + i)).first())
                  .isEqualTo(thing(i));
            }
            // the unique indexes still refuse what they refused before
            assertThatThrownBy(() -> things.insertOne(thing(5)))
                .isInstanceOf(MongoWriteException.class);
            assertThatThrownBy(() -> things.insertOne(thing(6).append("_id", "new-id")))
                .isInstanceOf(MongoWriteException.class);
            // legacy pages are rewritten in the new encoding by updates and inserts
            things.updateOne(
                new org.bson.Document("_id", "id-1"),
                new org.bson.Document("$set", new org.bson.Document("n", 1L)));
            List<org.bson.Document> docs = new ArrayList<>();
            for (int i = from; i < from + 1000; i++) {
              docs.add(thing(i));
            }
            things.insertMany(docs);
            assertThat(things.countDocuments()).isEqualTo(from + 1000);
            return null;
          });
    }
    // every document, old encoding and new, is read back by key after a last reopen
    withServer(
        new StoreBackend(EmbeddedStore.open(file, 16)),
        things -> {
          for (int i = 0; i < legacy + 2000; i++) {
            assertThat(things.find(new org.bson.Document("_id", "id-" + i)).first())
                .isEqualTo(thing(i));
          }
          return null;
        });
  }

  @Test
  @DisplayName("maps the backend opens later are typed as well")
  void newMapsAreTyped() {
    MVStore store = EmbeddedStore.open(dir.resolve("new.mv"), 16);
    withServer(
        new StoreBackend(store),
        things -> {
          things.insertOne(thing(1));
          things.createIndex(Indexes.ascending("code"), new IndexOptions().unique(true));
          return null;
        });
    MVStore reopened = EmbeddedStore.open(dir.resolve("new.mv"), 16);
    try {
      assertThat(reopened.getMapNames())
          .contains("records.hocba.things", "hocba.things._index_code_1");
    } finally {
      reopened.close();
    }
  }

  static String shortened(Object o) {
    String s = String.valueOf(o);
    return s.length() > 40 ? s.substring(0, 40) + "…(" + s.length() + ")" : s;
  }
}
