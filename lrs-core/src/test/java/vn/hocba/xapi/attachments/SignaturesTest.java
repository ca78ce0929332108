package vn.hocba.xapi.attachments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import vn.hocba.xapi.json.StrictJson;

/** Data 2.6: signed statements. */
class SignaturesTest {

  private static final JwsSigner SIGNER = new JwsSigner();

  private static ObjectNode statement() {
    return (ObjectNode)
        StrictJson.parse(
            "{\"actor\":{\"mbox\":\"mailto:a@example.com\"},"
                + "\"verb\":{\"id\":\"http://example.com/v\",\"display\":{\"en\":\"did\"}},"
                + "\"object\":{\"id\":\"http://example.com/o\"},"
                + "\"result\":{\"duration\":\"PT1.12S\"}}");
  }

  private static ObjectNode received(JsonNode signed, String jws) {
    ObjectNode r = signed.deepCopy();
    r.putArray("attachments")
        .addObject()
        .put("usageType", Signatures.USAGE_TYPE)
        .put("contentType", Signatures.CONTENT_TYPE)
        .put("length", jws.length())
        .put("sha2", AttachmentParts.digest(64, jws.getBytes(StandardCharsets.US_ASCII)))
        .putObject("display")
        .put("en", "signature");
    return r;
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void rs256_384_512AreAccepted_withAndWithoutX5c_Data26s4b4() {
    for (String alg : new String[] {"RS256", "RS384", "RS512"}) {
      String jws = SIGNER.sign(statement(), alg, true);
      assertThatCode(() -> Signatures.verify(received(statement(), jws), b(jws)))
          .doesNotThrowAnyException();
    }
    String jws = SIGNER.sign(statement(), "RS256", false);
    assertThatCode(() -> Signatures.verify(received(statement(), jws), b(jws)))
        .doesNotThrowAnyException();
  }

  @Test
  void otherAlgorithmsAreRefused_Data26s4b4() {
    String jws = SIGNER.sign(statement(), "HS256", false);
    assertThatThrownBy(() -> Signatures.verify(received(statement(), jws), b(jws)))
        .hasMessageContaining("RS256");
  }

  @Test
  void aTamperedSignatureFailsWithX5c_Data26s5b3() {
    String jws = SIGNER.sign(statement(), "RS256", true);
    String tampered = jws.substring(0, jws.length() - 4) + (jws.endsWith("AAAA") ? "BBBB" : "AAAA");
    assertThatThrownBy(() -> Signatures.verify(received(statement(), tampered), b(tampered)))
        .hasMessageContaining("does not verify");
  }

  @Test
  void thePayloadMustMatchTheReceivedStatement_Data26s5b2() {
    String jws = SIGNER.sign(statement(), "RS256", true);
    ObjectNode other = statement();
    other.putObject("object").put("id", "http://example.com/other");
    assertThatThrownBy(() -> Signatures.verify(received(other, jws), b(jws)))
        .hasMessageContaining("differs");
  }

  @Test
  void lrsAssignedPropertiesAndFinerDurationsAreIgnored_Data26s5b2_Data46s1b5() {
    ObjectNode r = statement();
    r.put("id", "d0a7b7a4-5f0e-4c3a-9e33-2c4f0b9d6f1a");
    r.put("version", "1.0.0");
    ((ObjectNode) r.get("result")).put("duration", "PT1.1234S");
    assertThat(Signatures.payloadMatches(statement(), received(r, "x"))).isTrue();
    ObjectNode otherId = statement().put("id", "00000000-0000-4000-8000-000000000000");
    assertThat(Signatures.payloadMatches(otherId, received(r, "x"))).isFalse();
  }

  @Test
  void malformedJwsIsRefused_Data26s4b3() {
    assertThatThrownBy(() -> Signatures.verify(statement(), b("not-a-jws")))
        .hasMessageContaining("malformed");
    String jws = SIGNER.sign(statement(), "RS256", false);
    String[] p = jws.split("\\.");
    String broken =
        p[0]
            + "."
            + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b("{'actor':1}"))
            + "."
            + p[2];
    assertThatThrownBy(() -> Signatures.verify(statement(), b(broken)))
        .hasMessageContaining("not valid JSON");
  }
}
