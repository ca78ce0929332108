package vn.hocba.eventlog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import vn.hocba.xapi.statements.CanonicalJson;

/**
 * The hash chain over the event log (docs/event-log.md): {@code hash_n = SHA-256(bytes(hash_n-1) ||
 * canonical(fields_n))}, where bytes() is the 32 raw bytes of the previous hex hash and the first
 * event's previous hash is 32 zero bytes.
 */
public final class EventChain {

  public static final String GENESIS = "0".repeat(64);

  private EventChain() {}

  /**
   * One digest per thread: looking the algorithm up for every event appended or verified cost a
   * provider search each time. {@link MessageDigest#digest()} leaves it reset for the next use.
   */
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("SHA-256 is part of every JDK", e);
            }
          });

  public static String link(String previousHash, ObjectNode canonicalFields) {
    MessageDigest sha = SHA256.get();
    sha.reset(); // in case a canonical form failed half-way through the last call
    sha.update(HexFormat.of().parseHex(previousHash));
    CanonicalJson.digest(canonicalFields, sha);
    return HexFormat.of().formatHex(sha.digest());
  }
}
