package vn.hocba.xapi.attachments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.hocba.xapi.json.StrictJson;

/** Data 2.4.11 and Communication 1.5.2: raw parts against attachment metadata. */
class AttachmentPartsTest {

  private static final byte[] TEXT = "here is a simple attachment".getBytes(StandardCharsets.UTF_8);
  private static final String SHA = AttachmentParts.digest(64, TEXT);

  private static JsonNode statement(String fileUrl) {
    return StrictJson.parse(
        "{\"attachments\":[{\"usageType\":\"http://example.com/u\",\"display\":{\"en\":\"a\"},"
            + "\"contentType\":\"text/plain\",\"length\":27,\"sha2\":\""
            + SHA
            + "\""
            + (fileUrl == null ? "" : ",\"fileUrl\":\"" + fileUrl + "\"")
            + "}]}");
  }

  private static Multipart.Part part(String hash, String encoding, byte[] body) {
    Map<String, String> h = new java.util.HashMap<>();
    h.put("content-type", "text/plain");
    if (hash != null) {
      h.put("x-experience-api-hash", hash);
    }
    if (encoding != null) {
      h.put("content-transfer-encoding", encoding);
    }
    return new Multipart.Part(h, body);
  }

  @Test
  void aMatchingPartIsReceivedOnce_even_for_two_statements() {
    var r =
        AttachmentParts.match(
            List.of(statement(null), statement(null)), List.of(part(SHA, "binary", TEXT)));
    assertThat(r).containsOnlyKeys(SHA);
    assertThat(r.get(SHA).bytes()).isEqualTo(TEXT);
    assertThat(r.get(SHA).contentType()).isEqualTo("text/plain");
  }

  @Test
  void fileUrlAttachmentsNeedNoPart_Data2411() {
    assertThat(AttachmentParts.match(List.of(statement("http://x.example/f")), List.of()))
        .isEmpty();
  }

  @Test
  void anAttachmentWithoutFileUrlNeedsItsPart_Communication151s1b2() {
    assertThatThrownBy(() -> AttachmentParts.match(List.of(statement(null)), List.of()))
        .isInstanceOf(AttachmentException.class)
        .hasMessageContaining("no part");
  }

  @Test
  void excessPartsAreRefused_Communication152s2b2b3() {
    byte[] other = "other".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(
            () ->
                AttachmentParts.match(
                    List.of(statement(null)),
                    List.of(
                        part(SHA, "binary", TEXT),
                        part(AttachmentParts.digest(64, other), "binary", other))))
        .hasMessageContaining("excess");
  }

  @Test
  void hashHeaderMustMatchTheBytes_Communication152s1b4() {
    assertThatThrownBy(
            () ->
                AttachmentParts.match(
                    List.of(statement(null)), List.of(part(SHA, "binary", "tampered".getBytes()))))
        .hasMessageContaining("does not hash");
  }

  @Test
  void partsNeedBinaryEncodingAndHashHeader_Data2411() {
    assertThatThrownBy(
            () -> AttachmentParts.match(List.of(statement(null)), List.of(part(SHA, null, TEXT))))
        .hasMessageContaining("Content-Transfer-Encoding");
    assertThatThrownBy(
            () ->
                AttachmentParts.match(
                    List.of(statement(null)), List.of(part(null, "binary", TEXT))))
        .hasMessageContaining("X-Experience-API-Hash");
  }
}
