package vn.hocba.lrs.xapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import vn.hocba.xapi.attachments.JwsSigner;
import vn.hocba.xapi.json.StrictJson;

/**
 * Statements with attachments (Communication 1.5.2, Data 2.4.11) and signed statements (Data 2.6)
 * over real HTTP; the body limit is lowered to test 413.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "lrs.statements.max-body-bytes=200000")
@ActiveProfiles("test")
class AttachmentsResourceTest {

  private static final String SIGNATURE = "http://adlnet.gov/expapi/attachments/signature";
  @LocalServerPort int port;
  XapiClient lrs;

  @BeforeEach
  void client() {
    lrs = new XapiClient(port);
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Binary bytes that UTF-8 decoding would mangle. */
  static byte[] binary(int seed, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + seed * 7 + 0x80);
    }
    return b;
  }

  static ObjectNode statement(String id, String usageType, String contentType, byte[] bytes) {
    ObjectNode s =
        (ObjectNode)
            StrictJson.parse(Statements.completed(id, Statements.mbox(), "http://example.org/a"));
    if (bytes != null) {
      attach(s, usageType, contentType, bytes, null);
    }
    return s;
  }

  static ObjectNode attach(
      ObjectNode s, String usageType, String contentType, byte[] bytes, String fileUrl) {
    ObjectNode a =
        (s.has("attachments")
                ? (com.fasterxml.jackson.databind.node.ArrayNode) s.get("attachments")
                : s.putArray("attachments"))
            .addObject()
            .put("usageType", usageType)
            .put("contentType", contentType)
            .put("length", bytes.length)
            .put("sha2", sha256(bytes));
    a.putObject("display").put("en-US", "an attachment");
    if (fileUrl != null) {
      a.put("fileUrl", fileUrl);
    }
    return s;
  }

  record RawPart(String contentType, byte[] bytes, String hash, String encoding) {
    RawPart(String contentType, byte[] bytes) {
      this(contentType, bytes, sha256(bytes), "binary");
    }
  }

  static byte[] multipart(String boundary, String json, RawPart... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        ("--" + boundary + "\r\nContent-Type: application/json\r\n\r\n" + json)
            .getBytes(StandardCharsets.UTF_8));
    for (RawPart p : parts) {
      StringBuilder h =
          new StringBuilder("\r\n--" + boundary + "\r\nContent-Type: " + p.contentType());
      if (p.encoding() != null) {
        h.append("\r\nContent-Transfer-Encoding: ").append(p.encoding());
      }
      if (p.hash() != null) {
        h.append("\r\nX-Experience-API-Hash: ").append(p.hash());
      }
      h.append("\r\n\r\n");
      out.writeBytes(h.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.writeBytes(p.bytes());
    }
    out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
    return out.toByteArray();
  }

  HttpResponse<byte[]> post(byte[] body) {
    return lrs.raw(
        "POST", "/xapi/statements", body, "Content-Type", "multipart/mixed; boundary=zz-b");
  }

  int countOf(String id) {
    return lrs.get("?statementId=" + id).statusCode();
  }

  /** The parts of a multipart answer, split on its boundary, as (headers, body) byte ranges. */
  static List<byte[][]> parts(HttpResponse<byte[]> r) {
    String type = r.headers().firstValue("Content-Type").orElseThrow();
    assertThat(type).startsWith("multipart/mixed; boundary=");
    String boundary = type.substring("multipart/mixed; boundary=".length());
    byte[] body = r.body();
    byte[] delim = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    List<Integer> at = new ArrayList<>();
    at.add(-2); // the body starts with --boundary
    for (int i = 0; i + delim.length <= body.length; i++) {
      if (java.util.Arrays.equals(body, i, i + delim.length, delim, 0, delim.length)) {
        at.add(i);
      }
    }
    List<byte[][]> out = new ArrayList<>();
    for (int k = 0; k + 1 < at.size(); k++) {
      int start = at.get(k) + delim.length + 2;
      byte[] content = java.util.Arrays.copyOfRange(body, start, at.get(k + 1));
      String text = new String(content, StandardCharsets.ISO_8859_1);
      int split = text.indexOf("\r\n\r\n");
      out.add(
          new byte[][] {
            text.substring(0, split).getBytes(StandardCharsets.ISO_8859_1),
            java.util.Arrays.copyOfRange(content, split + 4, content.length)
          });
    }
    return out;
  }

  @Test
  void multipartPostIsStoredAndGetReturnsEachAttachmentOnceWithItsBytes() {
    byte[] a = binary(1, 5000);
    byte[] b = binary(2, 300);
    String id1 = Statements.id();
    String id2 = Statements.id();
    ObjectNode s1 = statement(id1, "http://example.org/u", "application/octet-stream", a);
    attach(s1, "http://example.org/u", "image/png", b, null);
    ObjectNode s2 = statement(id2, "http://example.org/u", "application/octet-stream", a);
    String json = "[" + StrictJson.write(s1) + "," + StrictJson.write(s2) + "]";
    HttpResponse<byte[]> r =
        post(
            multipart(
                "zz-b",
                json,
                new RawPart("application/octet-stream", a),
                new RawPart("image/png", b)));
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);

    HttpResponse<byte[]> got =
        lrs.raw(
            "GET",
            "/xapi/statements?attachments=true&verb="
                + XapiClient.q("http://adlnet.gov/expapi/verbs/completed")
                + "&limit=10",
            null);
    assertThat(got.statusCode()).isEqualTo(200);
    List<byte[][]> parts = parts(got);
    assertThat(new String(parts.get(0)[0], StandardCharsets.ISO_8859_1))
        .contains("application/json");
    JsonNode result = StrictJson.parse(parts.get(0)[1]);
    assertThat(result.get("statements").size()).isGreaterThanOrEqualTo(2);
    long withA = parts.stream().filter(p -> java.util.Arrays.equals(p[1], a)).count();
    long withB = parts.stream().filter(p -> java.util.Arrays.equals(p[1], b)).count();
    assertThat(withA).isEqualTo(1);
    assertThat(withB).isEqualTo(1);
    byte[][] partA =
        parts.stream().filter(p -> java.util.Arrays.equals(p[1], a)).findFirst().orElseThrow();
    String headersA = new String(partA[0], StandardCharsets.ISO_8859_1);
    assertThat(headersA)
        .contains("Content-Transfer-Encoding: binary")
        .contains("X-Experience-API-Hash: " + sha256(a))
        .contains("Content-Type: application/octet-stream");

    HttpResponse<byte[]> single =
        lrs.raw("GET", "/xapi/statements?attachments=true&statementId=" + id2, null);
    List<byte[][]> singleParts = parts(single);
    assertThat(singleParts).hasSize(2);
    assertThat(singleParts.get(1)[1]).isEqualTo(a);
  }

  @Test
  void multipartPutIsStored() {
    byte[] a = binary(3, 100);
    String id = Statements.id();
    String json = StrictJson.write(statement(null, "http://example.org/u", "text/plain", a));
    HttpResponse<byte[]> r =
        lrs.raw(
            "PUT",
            "/xapi/statements?statementId=" + id,
            multipart("p1", json, new RawPart("text/plain", a)),
            "Content-Type",
            "multipart/mixed; boundary=p1");
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(countOf(id)).isEqualTo(200);
  }

  @Test
  void aMissingPartIs400AndNothingIsStored() {
    String id = Statements.id();
    byte[] a = binary(4, 10);
    String json = StrictJson.write(statement(id, "http://example.org/u", "text/plain", a));
    HttpResponse<byte[]> r = post(multipart("zz-b", json));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("no part");
    assertThat(countOf(id)).isEqualTo(404);
    // the same as application/json without fileUrl
    assertThat(lrs.post(json).statusCode()).isEqualTo(400);
    assertThat(countOf(id)).isEqualTo(404);
  }

  @Test
  void anExtraPartIs400() {
    String id = Statements.id();
    byte[] a = binary(5, 10);
    String json = StrictJson.write(statement(id, "http://example.org/u", "text/plain", a));
    HttpResponse<byte[]> r =
        post(
            multipart(
                "zz-b",
                json,
                new RawPart("text/plain", a),
                new RawPart("text/plain", binary(6, 10))));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(countOf(id)).isEqualTo(404);
  }

  @Test
  void aWrongHashOrMissingEncodingIs400() {
    String id = Statements.id();
    byte[] a = binary(7, 10);
    String json = StrictJson.write(statement(id, "http://example.org/u", "text/plain", a));
    assertThat(
            post(multipart(
                    "zz-b", json, new RawPart("text/plain", binary(8, 10), sha256(a), "binary")))
                .statusCode())
        .isEqualTo(400);
    assertThat(
            post(multipart("zz-b", json, new RawPart("text/plain", a, sha256(a), null)))
                .statusCode())
        .isEqualTo(400);
    assertThat(countOf(id)).isEqualTo(404);
  }

  @Test
  void fileUrlOnlyJsonIsAccepted() {
    String id = Statements.id();
    ObjectNode s = statement(id, "http://example.org/u", "text/plain", null);
    attach(s, "http://example.org/u", "text/plain", binary(9, 10), "http://example.org/file.txt");
    assertThat(lrs.post(StrictJson.write(s)).statusCode()).isEqualTo(200);
    HttpResponse<byte[]> got =
        lrs.raw("GET", "/xapi/statements?attachments=true&statementId=" + id, null);
    assertThat(parts(got)).hasSize(1); // no bytes were sent, so only the statement part
  }

  private byte[] signedBody(ObjectNode signed, ObjectNode sent, String alg, boolean x5c) {
    String jws = new JwsSigner().sign(signed, alg, x5c);
    byte[] sig = jws.getBytes(StandardCharsets.US_ASCII);
    attach(sent, SIGNATURE, "application/octet-stream", sig, null);
    return multipart("zz-b", StrictJson.write(sent), new RawPart("application/octet-stream", sig));
  }

  @Test
  void aSignedStatementIsAccepted() {
    String id = Statements.id();
    ObjectNode s = statement(id, null, null, null);
    assertThat(post(signedBody(s, s.deepCopy(), "RS256", true)).statusCode()).isEqualTo(200);
    assertThat(countOf(id)).isEqualTo(200);
  }

  @Test
  void aTamperedStatementOrAnotherAlgorithmIs400AndNothingIsStored() {
    String id = Statements.id();
    ObjectNode s = statement(id, null, null, null);
    ObjectNode changed = s.deepCopy();
    ((ObjectNode) changed.get("object")).put("id", "http://example.org/changed");
    HttpResponse<byte[]> r = post(signedBody(s, changed, "RS256", true));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("2.6");
    assertThat(post(signedBody(s, s.deepCopy(), "HS256", false)).statusCode()).isEqualTo(400);
    assertThat(countOf(id)).isEqualTo(404);
  }

  @Test
  @DisplayName("Communication 1.5.1: a body sent without Content-Length (chunked) is read whole")
  void aChunkedBodyIsStored() {
    String id = Statements.id();
    String json = "[" + StrictJson.write(statement(id, null, null, null)) + "]";
    HttpResponse<String> r =
        lrs.postChunked(
            "/xapi/statements", "application/json", json.getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(countOf(id)).isEqualTo(200);
  }

  @Test
  @DisplayName("a chunked body above the limit is 413 and stores nothing")
  void aChunkedBodyAboveTheLimitIs413() {
    List<String> ids = new ArrayList<>();
    StringBuilder json = new StringBuilder("[");
    while (json.length() < 250_000) {
      String id = Statements.id();
      ids.add(id);
      json.append(json.length() > 1 ? "," : "")
          .append(StrictJson.write(statement(id, null, null, null)));
    }
    json.append(']');
    HttpResponse<String> r =
        lrs.postChunked(
            "/xapi/statements",
            "application/json",
            json.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
    assertThat(countOf(ids.get(0))).isEqualTo(404);
  }

  @Test
  void aBodyAboveTheLimitIs413() {
    String id = Statements.id();
    byte[] big = binary(10, 300_000);
    String json =
        StrictJson.write(statement(id, "http://example.org/u", "application/octet-stream", big));
    assertThat(
            post(multipart("zz-b", json, new RawPart("application/octet-stream", big)))
                .statusCode())
        .isEqualTo(413);
    assertThat(countOf(id)).isEqualTo(404);
  }
}
