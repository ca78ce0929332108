package vn.hocba.statements;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.hocba.xapi.json.StrictJson;
import vn.hocba.xapi.model.XapiVersion;

@DisplayName("What the LRS sets on a statement it stores (Data 2.4.1, 2.4.6.2, 2.4.7 to 2.4.10)")
class StatementPreparationTest {

  static final JsonNode AUTHORITY =
      StrictJson.parse("{\"objectType\":\"Agent\",\"mbox\":\"mailto:lrs@example.org\"}");

  static JsonNode statement(String extra) {
    return StrictJson.parse(
        "{\"actor\":{\"mbox\":\"mailto:an@example.org\"},"
            + "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/completed\"},"
            + "\"object\":{\"id\":\"http://example.org/a\"}"
            + extra
            + "}");
  }

  static PreparedStatement prepare(JsonNode s, Instant stored) {
    return StatementPreparation.prepare(
        s, AUTHORITY, stored, XapiVersion.V2_0_0, () -> "0b5fb6a4-6d0f-4b4b-9c1e-5e9b7a0c1d2e");
  }

  @Test
  @DisplayName("Data 2.4.8 / 2.4.7: stored in UTC milliseconds; timestamp set to it when absent")
  void storedAndTimestamp() {
    Instant at = Instant.parse("2026-11-29T07:50:06.123456Z");
    PreparedStatement p = prepare(statement(""), at);
    assertThat(p.stored().get("stored").asText()).isEqualTo("2026-11-29T07:50:06.123Z");
    assertThat(p.stored().get("timestamp").asText()).isEqualTo("2026-11-29T07:50:06.123Z");

    PreparedStatement sent = prepare(statement(",\"timestamp\":\"2020-01-01T00:00:00Z\""), at);
    assertThat(sent.stored().get("timestamp").asText()).isEqualTo("2020-01-01T00:00:00Z");
  }

  @Test
  @DisplayName("Data 2.4.8: each request's stored time is its own, one after another")
  void successiveStoredTimes() {
    Instant first = Instant.parse("2026-11-29T07:50:06.123Z");
    Instant second = first.plusMillis(1);
    assertThat(prepare(statement(""), first).stored().get("stored").asText())
        .isEqualTo("2026-11-29T07:50:06.123Z");
    assertThat(prepare(statement(""), second).stored().get("stored").asText())
        .isEqualTo("2026-11-29T07:50:06.124Z");
    assertThat(prepare(statement(""), first).stored().get("stored").asText())
        .isEqualTo("2026-11-29T07:50:06.123Z");
  }

  @Test
  @DisplayName("Data 2.4.1 / 2.4.9 / 2.4.10: id lower-cased or assigned, authority, version")
  void idAuthorityVersion() {
    Instant at = Instant.parse("2026-11-29T07:50:06Z");
    PreparedStatement assigned = prepare(statement(""), at);
    assertThat(assigned.id()).isEqualTo("0b5fb6a4-6d0f-4b4b-9c1e-5e9b7a0c1d2e");
    assertThat(assigned.stored().get("authority")).isEqualTo(AUTHORITY);
    assertThat(assigned.stored().get("version").asText()).isEqualTo("2.0.0");

    PreparedStatement sent =
        prepare(
            statement(
                ",\"id\":\"AAAAAAAA-6D0F-4B4B-9C1E-5E9B7A0C1D2E\","
                    + "\"authority\":{\"mbox\":\"mailto:someone@example.org\"}"),
            at);
    assertThat(sent.id()).isEqualTo("aaaaaaaa-6d0f-4b4b-9c1e-5e9b7a0c1d2e");
    assertThat(sent.stored().get("authority")).isEqualTo(AUTHORITY);
    assertThat(sent.received().get("id").asText())
        .isEqualTo("AAAAAAAA-6D0F-4B4B-9C1E-5E9B7A0C1D2E");
  }

  @Test
  @DisplayName("Data 2.4.6.2: a single context activity is stored as an array of one")
  void contextActivitiesAsArrays() {
    PreparedStatement p =
        prepare(
            statement(
                ",\"context\":{\"contextActivities\":{\"parent\":{\"id\":\"http://example.org/p\"}}}"),
            Instant.parse("2026-11-29T07:50:06Z"));
    JsonNode parent = p.stored().path("context").path("contextActivities").path("parent");
    assertThat(parent.isArray()).isTrue();
    assertThat(parent.get(0).get("id").asText()).isEqualTo("http://example.org/p");
  }

  @Test
  @DisplayName(
      "Data 2.3.1 / 2.4.6.2: the received statement stays as sent, also inside a SubStatement")
  void receivedUnchanged() {
    String sub =
        ",\"object\":{\"objectType\":\"SubStatement\","
            + "\"actor\":{\"mbox\":\"mailto:binh@example.org\"},"
            + "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/attempted\"},"
            + "\"object\":{\"id\":\"http://example.org/b\"},"
            + "\"context\":{\"contextActivities\":{\"grouping\":{\"id\":\"http://example.org/g\"}}}}";
    String context =
        ",\"context\":{\"registration\":\"ec531277-b57b-4c15-8d91-d292c5b2b8f7\","
            + "\"contextActivities\":{\"parent\":{\"id\":\"http://example.org/p\"},"
            + "\"other\":[{\"id\":\"http://example.org/o\"}]}}";
    String text =
        "{\"id\":\"0B5FB6A4-6D0F-4B4B-9C1E-5E9B7A0C1D2E\","
            + "\"actor\":{\"mbox\":\"mailto:an@example.org\"},"
            + "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/completed\"}"
            + sub
            + context
            + "}";
    JsonNode received = StrictJson.parse(text);
    PreparedStatement p = prepare(received, Instant.parse("2026-11-29T07:50:06Z"));

    assertThat(received).isEqualTo(StrictJson.parse(text));
    assertThat(p.received()).isSameAs(received);
    assertThat(p.stored().at("/context/contextActivities/parent").isArray()).isTrue();
    assertThat(p.stored().at("/context/contextActivities/other/0/id").asText())
        .isEqualTo("http://example.org/o");
    assertThat(p.stored().at("/context/registration").asText())
        .isEqualTo("ec531277-b57b-4c15-8d91-d292c5b2b8f7");
    assertThat(p.stored().at("/object/context/contextActivities/grouping").isArray()).isTrue();
    assertThat(p.stored().at("/object/actor/mbox").asText()).isEqualTo("mailto:binh@example.org");
    assertThat(p.stored().get("id").asText()).isEqualTo("0b5fb6a4-6d0f-4b4b-9c1e-5e9b7a0c1d2e");
  }
}
