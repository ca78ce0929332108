package vn.hocba.statements;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.hocba.xapi.statements.CanonicalJson;

/** Revision 1 of the checkpoint event is a permanent contract: its hashed form is fixed here. */
class ChainCheckpointedEventTest {

  final String a = "a".repeat(64);

  final ChainCheckpointedEvent event =
      new ChainCheckpointedEvent(
          42,
          41,
          a,
          "0123456789abcdef",
          "Ed25519",
          "c2ln",
          Instant.parse("2026-01-01T00:00:00.5Z"),
          a,
          null);

  @Test
  @DisplayName("the chain hashes every field but the hash, with type and revision")
  void canonicalForm() {
    assertThat(new String(CanonicalJson.bytes(event.canonicalFields()), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"algorithm\":\"Ed25519\",\"coveredHash\":\""
                + a
                + "\",\"coveredPosition\":41,\"keyId\":\"0123456789abcdef\",\"position\":42,"
                + "\"previousHash\":\""
                + a
                + "\",\"revision\":\"1\",\"signature\":\"c2ln\","
                + "\"stored\":\"2026-01-01T00:00:00.500Z\",\"type\":\"ChainCheckpointedEvent\"}");
  }

  @Test
  @DisplayName("the signed part is the covered position and hash, the time and the key id")
  void signedPart() {
    assertThat(event.withHash("b".repeat(64)).signed().signedText())
        .isEqualTo(
            "{\"coveredHash\":\""
                + a
                + "\",\"coveredPosition\":41,\"keyId\":\"0123456789abcdef\","
                + "\"stored\":\"2026-01-01T00:00:00.500Z\",\"type\":\"hocba.chain-checkpoint/1\"}");
  }
}
