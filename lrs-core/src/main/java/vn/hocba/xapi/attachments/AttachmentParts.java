package vn.hocba.xapi.attachments;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Matches the raw attachment parts of a request to the attachments its statements declare
 * (Communication 1.5.2, Data 2.4.11): every part after the first carries {@code
 * Content-Transfer-Encoding: binary} and an {@code X-Experience-API-Hash} that is the sha2 of one
 * declared attachment and of the part's bytes; every attachment without {@code fileUrl} has its
 * part; no part is left over. A part for an attachment that also has a fileUrl is accepted.
 */
public final class AttachmentParts {

  /** The bytes received for one sha2, with the content type its attachment metadata declares. */
  public record Received(String sha2, String contentType, byte[] bytes) {}

  private AttachmentParts() {}

  /**
   * The received attachment bytes by lower-case sha2.
   *
   * @param statements the statements of the request (top-level attachments are read)
   * @param parts the parts after the first (statement) part; empty for application/json
   * @throws AttachmentException naming the first rule broken
   */
  public static Map<String, Received> match(List<JsonNode> statements, List<Multipart.Part> parts) {
    Map<String, JsonNode> declared = new LinkedHashMap<>();
    for (JsonNode statement : statements) {
      for (JsonNode attachment : attachments(statement)) {
        declared.putIfAbsent(sha2(attachment), attachment);
      }
    }
    Map<String, Received> received = new LinkedHashMap<>();
    for (int i = 0; i < parts.size(); i++) {
      Multipart.Part part = parts.get(i);
      String n = "part " + (i + 2);
      String encoding = part.header("content-transfer-encoding");
      if (encoding == null || !encoding.equalsIgnoreCase("binary")) {
        throw new AttachmentException(
            n
                + " needs the header Content-Transfer-Encoding: binary"
                + " (Communication 1.5.2.s2.b2, Data 2.4.11)");
      }
      String hash = part.header("x-experience-api-hash");
      if (hash == null || hash.isBlank()) {
        throw new AttachmentException(
            n + " has no X-Experience-API-Hash header (Communication 1.5.2.s2.b2.b3)");
      }
      hash = hash.trim().toLowerCase(Locale.ROOT);
      JsonNode attachment = declared.get(hash);
      if (attachment == null) {
        throw new AttachmentException(
            n
                + " (X-Experience-API-Hash "
                + hash
                + ") matches no attachment's sha2: excess parts are refused"
                + " (Communication 1.5.2.s2.b2.b3, 1.5.1.s1.b2)");
      }
      String actual = digest(hash.length(), part.body());
      if (!actual.equals(hash)) {
        throw new AttachmentException(
            n
                + " does not hash to its X-Experience-API-Hash "
                + hash
                + " (Communication 1.5.2.s1.b4)");
      }
      received.putIfAbsent(
          hash, new Received(hash, attachment.path("contentType").asText(), part.body()));
    }
    for (Map.Entry<String, JsonNode> e : declared.entrySet()) {
      if (!Signatures.present(e.getValue().get("fileUrl")) && !received.containsKey(e.getKey())) {
        throw new AttachmentException(
            "the attachment with sha2 "
                + e.getKey()
                + " has no fileUrl and no part carries its bytes (Data 2.4.11, Communication"
                + " 1.5.1.s1.b2)");
      }
    }
    return received;
  }

  /** The top-level attachments of a statement (an empty list when it has none). */
  static List<JsonNode> attachments(JsonNode statement) {
    JsonNode a = statement.get("attachments");
    if (a == null || !a.isArray()) {
      return List.of();
    }
    java.util.ArrayList<JsonNode> out = new java.util.ArrayList<>();
    a.forEach(out::add);
    return out;
  }

  static String sha2(JsonNode attachment) {
    return attachment.path("sha2").asText().toLowerCase(Locale.ROOT);
  }

  /**
   * The hex SHA-2 digest of {@code bytes} of the variant whose hex length is {@code hexLength}
   * (SHA-224, -256, -384 or -512; Data 2.4.11.s2.table1.row6).
   */
  public static String digest(int hexLength, byte[] bytes) {
    String algorithm =
        switch (hexLength) {
          case 56 -> "SHA-224";
          case 64 -> "SHA-256";
          case 96 -> "SHA-384";
          case 128 -> "SHA-512";
          default ->
              throw new AttachmentException(
                  "X-Experience-API-Hash must be a hex SHA-2 digest (Data 2.4.11)");
        };
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
