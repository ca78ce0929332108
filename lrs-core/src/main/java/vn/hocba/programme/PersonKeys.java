package vn.hocba.programme;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import vn.hocba.xapi.statements.AgentKeys;

/**
 * The key of a learner: the actor's Inverse Functional Identifier (Data 2.4.2.3), with an {@code
 * mbox} turned into the {@code mbox_sha1sum} of the same address so that both spellings of one
 * person meet, and so that read models keep no e-mail address:
 *
 * <ul>
 *   <li>{@code mbox_sha1sum:<40 hex>}: SHA-1 of the mailto IRI (scheme and domain lowercased);
 *   <li>{@code account:<homePage>|<name>};
 *   <li>{@code openid:<uri>}.
 * </ul>
 */
public final class PersonKeys {

  private static final Pattern SHA1 = Pattern.compile("[0-9a-fA-F]{40}");

  private PersonKeys() {}

  /** The person key of a statement actor; empty for a Group or an actor without an IFI. */
  public static Optional<String> ofActor(JsonNode actor) {
    if (actor == null || "Group".equals(actor.path("objectType").asText())) {
      return Optional.empty();
    }
    return AgentKeys.key(actor).map(PersonKeys::fromIfiKey);
  }

  /**
   * The person key of a learner as a roster names it: {@code mailto:...}, {@code
   * mbox_sha1sum:<hex>}, {@code account:<homePage>|<name>} or {@code openid:<uri>}.
   *
   * @throws IllegalArgumentException with a message for the roster's error report
   */
  public static String ofLearner(String learner) {
    String s = learner.strip();
    if (s.regionMatches(true, 0, "mailto:", 0, 7)) {
      int at = s.indexOf('@');
      if (at < 8 || at == s.length() - 1) {
        throw new IllegalArgumentException("not an e-mail address after mailto:");
      }
      com.fasterxml.jackson.databind.node.ObjectNode agent =
          vn.hocba.xapi.json.StrictJson.mapper().createObjectNode().put("mbox", s);
      return fromIfiKey(AgentKeys.key(agent).orElseThrow());
    }
    if (s.startsWith("mbox_sha1sum:")) {
      String hex = s.substring(13);
      if (!SHA1.matcher(hex).matches()) {
        throw new IllegalArgumentException("mbox_sha1sum must be 40 hexadecimal digits");
      }
      return "mbox_sha1sum:" + hex.toLowerCase(Locale.ROOT);
    }
    if (s.startsWith("account:")) {
      int bar = s.indexOf('|');
      if (bar < 9 || bar == s.length() - 1 || !s.substring(8, bar).contains(":")) {
        throw new IllegalArgumentException("an account is account:<homePage IRI>|<name>");
      }
      return s;
    }
    if (s.startsWith("openid:") && s.length() > 7 && s.substring(7).contains(":")) {
      return s;
    }
    throw new IllegalArgumentException(
        "a learner is mailto:…, mbox_sha1sum:…, account:<homePage>|<name> or openid:…");
  }

  /** The person key for an IFI key of {@link AgentKeys}. */
  static String fromIfiKey(String ifiKey) {
    if (ifiKey.startsWith("mbox:")) {
      return sha1Key(ifiKey.substring(5));
    }
    return ifiKey;
  }

  private static String sha1Key(String mailto) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-1").digest(mailto.getBytes(StandardCharsets.UTF_8));
      return "mbox_sha1sum:" + HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
