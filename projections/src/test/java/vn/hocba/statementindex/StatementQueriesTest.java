package vn.hocba.statementindex;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A query's clauses exist twice, as a MongoDB filter and as a test of an index document (the export
 * walks the log positions and tests the documents it reads). Over generated documents and every
 * query shape, both forms select the same statements.
 */
class StatementQueriesTest {

  static MongoServer server;
  static MongoClient client;
  static MongoCollection<Document> statements;
  static StatementQueries queries;
  static final List<String> VALUES = List.of("a", "b", "c");
  static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");
  static final int DOCS = 200;

  @BeforeAll
  static void generate() {
    server = new MongoServer(new MemoryBackend());
    server.bind("127.0.0.1", 0);
    client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
    var db = client.getDatabase("q");
    statements = db.getCollection(StatementIndexProjector.STATEMENTS);
    queries = new StatementQueries(db);
    Random random = new Random(42);
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < DOCS; i++) {
      Document d =
          new Document("_id", String.format("%08x-0000-4000-8000-%012d", random.nextInt(), i))
              .append("pos", (long) i)
              // few distinct stored times, so that ties on stored are common
              .append("stored", Date.from(T0.plusMillis(random.nextInt(20))))
              .append("statement", "{}")
              .append("voided", random.nextInt(5) == 0);
      for (String field : List.of("agents", "relAgents", "verbs", "acts", "relActs", "regs")) {
        List<String> values = new ArrayList<>();
        for (String v : VALUES) {
          if (random.nextBoolean()) {
            values.add(v);
          }
        }
        d.append(field, values);
      }
      docs.add(d);
    }
    statements.createIndexes(StatementQueries.indexes()); // the store keeps the unique ones
    statements.insertMany(docs);
  }

  @AfterAll
  static void close() {
    client.close();
    server.shutdownNow();
  }

  static List<StatementQuery> shapes() {
    List<StatementQuery> out = new ArrayList<>();
    Random random = new Random(7);
    for (int mask = 0; mask < (1 << 9); mask++) {
      out.add(
          new StatementQuery(
              (mask & 1) != 0 ? Optional.of(pick(random)) : Optional.empty(),
              (mask & 2) != 0 ? Optional.of(pick(random)) : Optional.empty(),
              (mask & 4) != 0 ? Optional.of(pick(random)) : Optional.empty(),
              (mask & 8) != 0 ? Optional.of(pick(random)) : Optional.empty(),
              (mask & 16) != 0,
              (mask & 16) != 0,
              (mask & 32) != 0 ? Optional.of(T0.plusMillis(random.nextInt(20))) : Optional.empty(),
              (mask & 64) != 0 ? Optional.of(T0.plusMillis(random.nextInt(20))) : Optional.empty(),
              10,
              (mask & 128) != 0,
              (mask & 256) != 0
                  ? Optional.of(
                      new StatementQuery.PageKey(
                          T0.plusMillis(random.nextInt(20)),
                          String.format("%08x", random.nextInt())))
                  : Optional.empty()));
    }
    return out;
  }

  static String pick(Random random) {
    return VALUES.get(random.nextInt(VALUES.size()));
  }

  @Nested
  @DisplayName("the document test of a query agrees with its MongoDB filter")
  class Agreement {

    @Test
    void forEveryShapeWithOrWithoutVoidedStatements() {
      int nonEmpty = 0;
      List<StatementQuery> shapes = shapes();
      for (int i = 0; i < shapes.size(); i++) {
        StatementQuery q = shapes.get(i);
        // half the shapes with voided statements, half without: both forms of that clause are met
        boolean includeVoided = Integer.bitCount(i) % 2 == 0;
        Set<String> byFilter = new TreeSet<>();
        statements
            .find(StatementQueries.filter(q, includeVoided))
            .forEach(d -> byFilter.add(d.getString("_id")));
        Set<String> byTest = new TreeSet<>();
        queries
            .atPositions(0, DOCS, q, includeVoided)
            .matches()
            .forEach(s -> byTest.add(s.statement().id()));
        assertThat(byTest).as("%s, voided included: %s", q, includeVoided).isEqualTo(byFilter);
        nonEmpty += byFilter.isEmpty() ? 0 : 1;
      }
      // the generated data must make the comparison meaningful
      assertThat(nonEmpty).isGreaterThan(150);
    }

    @Test
    void voidedStatementsAreLeftOutUnlessIncluded() {
      StatementQuery everything = shapes().get(0);
      long voided = statements.countDocuments(new Document("voided", true));
      assertThat(voided).isPositive();
      assertThat(queries.atPositions(0, DOCS, everything, true).matches()).hasSize(DOCS);
      assertThat(queries.atPositions(0, DOCS, everything, false).matches())
          .hasSize((int) (DOCS - voided));
    }
  }

  @Nested
  @DisplayName("reading by log position")
  class ByPosition {

    @Test
    @DisplayName("a run of positions comes in log order, with the stored times at its ends")
    void logOrderAndEnds() {
      StatementQuery everything = shapes().get(0);
      StatementQueries.Positions run = queries.atPositions(40, 25, everything, true);
      assertThat(run.matches())
          .extracting(StatementQueries.PositionedStatement::position)
          .containsExactlyElementsOf(java.util.stream.LongStream.range(40, 65).boxed().toList());
      assertThat(run.firstStored()).contains(storedAt(40));
      assertThat(run.lastStored()).contains(storedAt(64));
      assertThat(queries.atPositions(DOCS, 10, everything, true).firstStored()).isEmpty();
    }

    Instant storedAt(long pos) {
      return statements.find(new Document("pos", pos)).first().getDate("stored").toInstant();
    }

    @Test
    @DisplayName("the position look-up is served by a declared unique index on every MongoDB")
    void positionsAreIndexed() {
      assertThat(
              vn.hocba.projection.IndexCoverage.covered(
                  com.mongodb.client.model.Filters.in("pos", List.of(1L, 2L)),
                  List.of(),
                  StatementQueries.indexes()))
          .isTrue();
      assertThat(StatementQueries.indexes())
          .anyMatch(
              i ->
                  i.getKeys().toString().contains("pos")
                      && Boolean.TRUE.equals(i.getOptions().isUnique()));
    }
  }
}
