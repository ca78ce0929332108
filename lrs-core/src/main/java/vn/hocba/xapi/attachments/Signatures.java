package vn.hocba.xapi.attachments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import vn.hocba.xapi.json.StrictJson;
import vn.hocba.xapi.statements.CanonicalJson;
import vn.hocba.xapi.statements.StatementEquivalence;

/**
 * Signed Statements (Data 2.6, same rules in 1.0.3 and 2.0). A signature is an attachment with
 * usageType {@value #USAGE_TYPE} and contentType {@code application/octet-stream} whose bytes are a
 * JWS in compact serialization (RFC 7515 7.1):
 *
 * <ul>
 *   <li>the algorithm is RS256, RS384 or RS512 (2.6.s4.b4);
 *   <li>the payload is a JSON serialization of the statement before the signature was added
 *       (2.6.s4.b3) and is equivalent to the received statement without its signature attachment
 *       (2.6.s5.b2): differences the LRS could have caused in {@code id}, {@code authority}, {@code
 *       stored}, {@code timestamp} and {@code version} are ignored, as {@link StatementEquivalence}
 *       does; the other attachments must be the same;
 *   <li>when the JWS header has an {@code x5c} chain, the signature verifies with the public key of
 *       its first certificate (2.6.s4.b5, 2.6.s5.b3). Without one the LRS has no key to check the
 *       signature with and checks its structure only; trust in the signer is not judged here.
 * </ul>
 */
public final class Signatures {

  public static final String USAGE_TYPE = "http://adlnet.gov/expapi/attachments/signature";
  public static final String CONTENT_TYPE = "application/octet-stream";
  private static final Map<String, String> ALGORITHMS =
      Map.of("RS256", "SHA256withRSA", "RS384", "SHA384withRSA", "RS512", "SHA512withRSA");

  private Signatures() {}

  static boolean present(JsonNode node) {
    return node != null && !node.isNull();
  }

  /** The signature attachments of a statement. */
  public static List<JsonNode> signatureAttachments(JsonNode statement) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode a : AttachmentParts.attachments(statement)) {
      if (USAGE_TYPE.equals(a.path("usageType").asText())) {
        out.add(a);
      }
    }
    return out;
  }

  /**
   * Checks the signature of every signed statement of a request.
   *
   * @param received the attachment bytes of the request by sha2 ({@link AttachmentParts#match})
   * @throws AttachmentException when a signature is malformed, does not verify or does not match
   */
  public static void verifyAll(
      List<JsonNode> statements, Map<String, AttachmentParts.Received> received) {
    for (JsonNode statement : statements) {
      List<JsonNode> signatures = signatureAttachments(statement);
      if (signatures.isEmpty()) {
        continue;
      }
      if (signatures.size() > 1) {
        throw new AttachmentException(
            "a statement carries more than one signature attachment (Data 2.6)");
      }
      JsonNode signature = signatures.get(0);
      String contentType = signature.path("contentType").asText();
      if (!contentType.trim().toLowerCase(Locale.ROOT).equals(CONTENT_TYPE)) {
        throw new AttachmentException(
            "a signature attachment must have contentType application/octet-stream (Data"
                + " 2.6.s4.b1)");
      }
      AttachmentParts.Received bytes = received.get(AttachmentParts.sha2(signature));
      if (bytes == null) {
        throw new AttachmentException(
            "a signature must be sent as a multipart part, not by fileUrl (Data 2.6.s4.b1)");
      }
      verify(statement, bytes.bytes());
    }
  }

  /** Verifies one JWS against the statement that carries it. */
  public static void verify(JsonNode statement, byte[] jws) {
    String text = new String(jws, StandardCharsets.US_ASCII).trim();
    String[] segments = text.split("\\.", -1);
    if (segments.length != 3 || segments[0].isEmpty() || segments[2].isEmpty()) {
      throw malformed("it is not a JWS in compact serialization (RFC 7515 7.1)");
    }
    JsonNode header = json(segments[0], "header");
    if (!header.isObject()) {
      throw malformed("the JWS header is not a JSON object");
    }
    String alg = header.path("alg").asText("");
    String javaAlgorithm = ALGORITHMS.get(alg);
    if (javaAlgorithm == null) {
      throw new AttachmentException(
          "the signature algorithm must be RS256, RS384 or RS512, not '"
              + alg
              + "' (Data 2.6.s4.b4)");
    }
    JsonNode payload = json(segments[1], "payload");
    if (!payload.isObject()) {
      throw malformed(
          "the JWS payload is not a JSON serialization of a statement (Data 2.6.s4.b3)");
    }
    byte[] signatureBytes = base64Url(segments[2], "signature");
    JsonNode x5c = header.get("x5c");
    if (present(x5c)) {
      PublicKey key = firstCertificateKey(x5c);
      try {
        Signature verifier = Signature.getInstance(javaAlgorithm);
        verifier.initVerify(key);
        verifier.update((segments[0] + "." + segments[1]).getBytes(StandardCharsets.US_ASCII));
        if (!verifier.verify(signatureBytes)) {
          throw new AttachmentException(
              "the JWS signature does not verify with the x5c certificate (Data 2.6.s5.b3)");
        }
      } catch (GeneralSecurityException e) {
        throw new AttachmentException(
            "the JWS signature cannot be verified with the x5c certificate (Data 2.6.s5.b3)");
      }
    }
    if (!payloadMatches(payload, statement)) {
      throw new AttachmentException(
          "the signed statement (JWS payload) differs from the received statement (Data"
              + " 2.6.s5.b2)");
    }
  }

  /**
   * True when the signed payload is the received statement before its signature was added (Data
   * 2.6.s5.b2): equivalent under Data 2.3.1.s9 (which ignores id/authority/stored/version and a
   * timestamp the LRS filled), the same id when both have one, and the same non-signature
   * attachments in any order.
   */
  public static boolean payloadMatches(JsonNode payload, JsonNode received) {
    JsonNode payloadId = payload.get("id");
    JsonNode receivedId = received.get("id");
    if (present(payloadId)
        && present(receivedId)
        && !payloadId.asText().equalsIgnoreCase(receivedId.asText())) {
      return false;
    }
    Set<String> signed = new HashSet<>();
    for (JsonNode a : AttachmentParts.attachments(payload)) {
      signed.add(new String(CanonicalJson.bytes(a), StandardCharsets.UTF_8));
    }
    Set<String> others = new HashSet<>();
    for (JsonNode a : AttachmentParts.attachments(received)) {
      if (!USAGE_TYPE.equals(a.path("usageType").asText())) {
        others.add(new String(CanonicalJson.bytes(a), StandardCharsets.UTF_8));
      }
    }
    if (!signed.equals(others)) {
      return false;
    }
    return StatementEquivalence.equivalent(received, withoutAttachments(payload));
  }

  private static JsonNode withoutAttachments(JsonNode statement) {
    ObjectNode copy = statement.deepCopy();
    copy.remove("attachments");
    return copy;
  }

  private static PublicKey firstCertificateKey(JsonNode x5c) {
    if (!(x5c instanceof ArrayNode chain) || chain.isEmpty() || !chain.get(0).isTextual()) {
      throw malformed("the JWS header's x5c must be an array of base64 certificates (RFC 7515)");
    }
    try {
      byte[] der = Base64.getMimeDecoder().decode(chain.get(0).textValue());
      X509Certificate cert =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(der));
      return cert.getPublicKey();
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw malformed("the first x5c certificate cannot be read (RFC 7515 4.1.6)");
    }
  }

  private static JsonNode json(String segment, String what) {
    byte[] bytes = base64Url(segment, what);
    try {
      return StrictJson.parse(bytes);
    } catch (RuntimeException e) {
      throw malformed("the JWS " + what + " is not valid JSON (Data 2.6.s4.b3)");
    }
  }

  private static byte[] base64Url(String segment, String what) {
    try {
      return Base64.getUrlDecoder().decode(segment);
    } catch (IllegalArgumentException e) {
      throw malformed("the JWS " + what + " is not base64url (RFC 7515 2)");
    }
  }

  private static AttachmentException malformed(String why) {
    return new AttachmentException("malformed statement signature: " + why);
  }
}
