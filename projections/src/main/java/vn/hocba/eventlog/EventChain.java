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

  public static String link(String previousHash, ObjectNode canonicalFields) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(HexFormat.of().parseHex(previousHash));
      sha.update(CanonicalJson.bytes(canonicalFields));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
