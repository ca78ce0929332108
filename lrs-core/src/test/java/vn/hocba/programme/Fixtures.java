package vn.hocba.programme;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import vn.hocba.xapi.json.StrictJson;

/** The tiny test programme and statement builders. */
final class Fixtures {

  static final String V = "http://adlnet.gov/expapi/verbs/";

  private Fixtures() {}

  static String tinyText() {
    try (var in = Fixtures.class.getResourceAsStream("/programmes/tiny.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ProgrammeIndex tiny() {
    return new ProgrammeIndex(ProgrammeFiles.parse(tinyText(), "tiny.yaml"));
  }

  /** A statement by mailto:{who}@example.vn about a topic activity. */
  static JsonNode statement(String id, String who, String verb, String topic, String json) {
    String extra = json == null || json.isEmpty() ? "" : "," + json;
    return StrictJson.parse(
        "{\"id\":\""
            + id
            + "\",\"actor\":{\"mbox\":\"mailto:"
            + who
            + "@example.vn\",\"name\":\""
            + who
            + "\"},\"verb\":{\"id\":\""
            + V
            + verb
            + "\"},\"object\":{\"id\":\"https://example.vn/courses/"
            + topic
            + "\"}"
            + extra
            + "}");
  }

  /** Folds statements (with their positions and stored times) into one learner's record. */
  static final class Builder {
    final ProgrammeIndex index;
    PersonRecord record;
    long position;
    final List<String> ids = new ArrayList<>();

    Builder(ProgrammeIndex index, String who) {
      this.index = index;
      this.record =
          PersonRecord.empty(
              index.programme().id(), PersonKeys.ofLearner("mailto:" + who + "@example.vn"));
    }

    Builder add(JsonNode statement, Instant stored) {
      ProgrammeIndex.Extract x = index.extract(statement, position++, stored).orElseThrow();
      record = record.withFacts(x.facts(), x.name());
      if (x.placement().isPresent()) {
        record = record.withPlacement(x.placement().get());
      }
      return this;
    }

    Builder place(String group, String locality, String effective, Instant stored) {
      record =
          record.withPlacement(
              new PersonRecord.Placement(
                  position++,
                  PersonRecord.Placement.ROSTER,
                  null,
                  group,
                  locality,
                  java.time.LocalDate.parse(effective),
                  stored,
                  null));
      return this;
    }

    Builder voided(String statementId, Instant when) {
      record = record.voided(statementId, when);
      return this;
    }
  }
}
