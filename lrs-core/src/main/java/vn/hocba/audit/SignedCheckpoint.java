package vn.hocba.audit;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;

/**
 * What a chain checkpoint signs (docs/tamper-evidence.md): the LRS's word that the event log's hash
 * chain had hash {@code coveredHash} at position {@code coveredPosition}, at time {@code stored},
 * under the key {@code keyId}. The signed bytes are the UTF-8 canonical JSON (sorted keys, no
 * whitespace, RFC 8785 style) of these four fields plus {@code "type":"hocba.chain-checkpoint/1"},
 * which keeps a checkpoint signature from being mistaken for any other thing the same key signs:
 *
 * <pre>
 * {"coveredHash":"…64 hex…","coveredPosition":41,"keyId":"…16 hex…","stored":"2026-01-01T00:00:00Z","type":"hocba.chain-checkpoint/1"}
 * </pre>
 *
 * JDK only, so that offline tools can check a checkpoint with the public key alone.
 *
 * @param coveredPosition position of the last event the checkpoint covers
 * @param coveredHash hex SHA-256 chain hash of that event
 * @param stored when the LRS signed it ({@link Instant#toString()} in the signed bytes)
 * @param keyId {@link Ed25519Signatures#keyId} of the signing key
 * @param signature base64 (standard alphabet, padded) Ed25519 signature of {@link #signedBytes()}
 */
public record SignedCheckpoint(
    long coveredPosition, String coveredHash, Instant stored, String keyId, String signature) {

  public static final String TYPE = "hocba.chain-checkpoint/1";

  /** Signs the four covered fields with {@code key}, whose id is {@code keyId}. */
  public static SignedCheckpoint sign(
      PrivateKey key, String keyId, long coveredPosition, String coveredHash, Instant stored) {
    SignedCheckpoint unsigned =
        new SignedCheckpoint(coveredPosition, coveredHash, stored, keyId, null);
    byte[] sig = Ed25519Signatures.sign(key, unsigned.signedBytes());
    return new SignedCheckpoint(
        coveredPosition, coveredHash, stored, keyId, Base64.getEncoder().encodeToString(sig));
  }

  /** The canonical JSON text that is signed. */
  public String signedText() {
    StringBuilder out = new StringBuilder(192);
    out.append("{\"coveredHash\":");
    string(coveredHash, out);
    out.append(",\"coveredPosition\":").append(coveredPosition);
    out.append(",\"keyId\":");
    string(keyId, out);
    out.append(",\"stored\":");
    string(stored.toString(), out);
    out.append(",\"type\":");
    string(TYPE, out);
    return out.append('}').toString();
  }

  public byte[] signedBytes() {
    return signedText().getBytes(StandardCharsets.UTF_8);
  }

  /** True when the signature is valid for these fields under {@code key}. */
  public boolean verifiesWith(PublicKey key) {
    if (signature == null) {
      return false;
    }
    byte[] sig;
    try {
      sig = Base64.getDecoder().decode(signature);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return keyId.equals(Ed25519Signatures.keyId(key))
        && Ed25519Signatures.verify(key, signedBytes(), sig);
  }

  /**
   * A JSON string as RFC 8785 writes it: minimal escapes, control characters as lowercase 4-digit
   * hex escapes.
   */
  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
