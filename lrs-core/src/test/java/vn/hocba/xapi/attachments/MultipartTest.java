package vn.hocba.xapi.attachments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Communication 1.5.2 and RFC 2046 5.1.1: the multipart/mixed body of statements requests. */
class MultipartTest {

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void partsWithHeadersAndBinaryBodiesKeepTheirBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(bytes("--b1\r\nContent-Type: application/json\r\n\r\n{\"a\":1}\r\n--b1\r\n"));
    out.writeBytes(
        bytes("content-type:application/octet-stream\r\nX-Experience-API-Hash: ab\r\n\r\n"));
    byte[] binary = {0, (byte) 0xff, '\r', '\n', '-', '-', 'b', (byte) 0x80};
    out.writeBytes(binary);
    out.writeBytes(bytes("\r\n--b1--\r\nepilogue"));
    List<Multipart.Part> parts = Multipart.parse(out.toByteArray(), "b1");
    assertThat(parts).hasSize(2);
    assertThat(parts.get(0).mediaType()).isEqualTo("application/json");
    assertThat(new String(parts.get(0).body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    assertThat(parts.get(1).header("X-Experience-API-Hash")).isEqualTo("ab");
    assertThat(parts.get(1).body()).isEqualTo(binary);
  }

  @Test
  void aPreambleIsIgnored_RFC2046() {
    List<Multipart.Part> parts =
        Multipart.parse(bytes("\r\n--x\r\nContent-Type:application/json\r\n\r\n[]\r\n--x--"), "x");
    assertThat(parts).hasSize(1);
    assertThat(new String(parts.get(0).body(), StandardCharsets.UTF_8)).isEqualTo("[]");
  }

  @Test
  void textBeforeTheFirstDelimiterIsNotAPart_Communication152s2b2() {
    // without a delimiter before it, the statement is preamble and the first part is the text
    List<Multipart.Part> parts =
        Multipart.parse(
            bytes(
                "Content-Type: application/json\r\n\r\n{}\r\n--x\r\nContent-Type: text/plain\r\n\r\nhi\r\n--x--"),
            "x");
    assertThat(parts).hasSize(1);
    assertThat(parts.get(0).mediaType()).isEqualTo("text/plain");
  }

  @Test
  void missingDelimiterOrCloseIsRefused() {
    assertThatThrownBy(() -> Multipart.parse(bytes("{}"), "x"))
        .isInstanceOf(AttachmentException.class);
    assertThatThrownBy(() -> Multipart.parse(bytes("--x\r\nContent-Type: a/b\r\n\r\nbody"), "x"))
        .isInstanceOf(AttachmentException.class);
    assertThatThrownBy(() -> Multipart.parse(bytes("--x\r\n\r\n{}\r\n--x--"), null))
        .isInstanceOf(AttachmentException.class);
  }

  @org.junit.jupiter.api.Test
  @org.junit.jupiter.api.DisplayName(
      "Content-Type is read leniently: an unquoted boundary with '=' (as ADL's jxapi sends) works")
  void leniantContentType() {
    String jxapi = "multipart/mixed; boundary=" + "===1700000000000===";
    org.assertj.core.api.Assertions.assertThat(Multipart.mediaType(jxapi))
        .isEqualTo("multipart/mixed");
    org.assertj.core.api.Assertions.assertThat(Multipart.boundary(jxapi))
        .contains("===1700000000000===");
    org.assertj.core.api.Assertions.assertThat(
            Multipart.boundary("Multipart/Mixed; charset=x; BOUNDARY=\"a b\""))
        .contains("a b");
    org.assertj.core.api.Assertions.assertThat(Multipart.boundary("multipart/mixed")).isEmpty();
    org.assertj.core.api.Assertions.assertThat(
            Multipart.mediaType("Application/JSON; charset=UTF-8"))
        .isEqualTo("application/json");
  }

  @Test
  @org.junit.jupiter.api.DisplayName(
      "a delimiter right after part data, without its CRLF (as @xapi/xapi sends), still ends the part")
  void delimiterWithoutCrlfIsAccepted() {
    byte[] body =
        bytes(
            "--b\r\nContent-Type: application/json\r\n\r\n{}\r\n"
                + "--b\r\nContent-Type: text/plain\r\n\r\nhello"
                + "--b\r\nContent-Type: text/plain\r\n\r\nworld\r\n--b--\r\n");
    var parts = Multipart.parse(body, "b");
    org.assertj.core.api.Assertions.assertThat(parts).hasSize(3);
    org.assertj.core.api.Assertions.assertThat(
            new String(parts.get(1).body(), java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("hello");
    org.assertj.core.api.Assertions.assertThat(
            new String(parts.get(2).body(), java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("world");
  }
}
