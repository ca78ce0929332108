package vn.hocba.xapi.statements;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Keys of Agents and Identified Groups by their Inverse Functional Identifier (Data 2.4.2.3).
 *
 * <p>Two Agents or Identified Groups are equal for the {@code agent} filter when they use the same
 * IFI with equal values (Communication 2.1.3), so the key is the IFI kind plus its value:
 *
 * <ul>
 *   <li>{@code mbox:mailto:local@domain} — the {@code mailto:} scheme and the domain are lowercased
 *       because both are case insensitive (Data 2.4.2.3.s4.b1, RFC 3986 3.1); the local part is
 *       kept as sent;
 *   <li>{@code mbox_sha1sum:<hex>} — lowercased, the hex digits' case carries no meaning;
 *   <li>{@code openid:<uri>} — as sent (Data 2.2.s4.b5: case sensitive unless specified);
 *   <li>{@code account:<homePage>|<name>} — as sent.
 * </ul>
 *
 * An Anonymous Group (no IFI) has no key. When an invalid object carries more than one IFI, the
 * first of mbox, mbox_sha1sum, openid, account wins.
 */
public final class AgentKeys {

  private AgentKeys() {}

  /** The IFI key of an Agent or Identified Group; empty for an Anonymous Group or a non-agent. */
  public static Optional<String> key(JsonNode agentOrGroup) {
    if (agentOrGroup == null || !agentOrGroup.isObject()) {
      return Optional.empty();
    }
    Optional<String> mbox = Nodes.text(agentOrGroup, "mbox");
    if (mbox.isPresent()) {
      return Optional.of("mbox:" + normalizeMbox(mbox.get()));
    }
    Optional<String> sha1 = Nodes.text(agentOrGroup, "mbox_sha1sum");
    if (sha1.isPresent()) {
      return Optional.of("mbox_sha1sum:" + Nodes.lower(sha1.get()));
    }
    Optional<String> openid = Nodes.text(agentOrGroup, "openid");
    if (openid.isPresent()) {
      return Optional.of("openid:" + openid.get());
    }
    Optional<JsonNode> account = Nodes.object(agentOrGroup, "account");
    if (account.isPresent()) {
      Optional<String> homePage = Nodes.text(account.get(), "homePage");
      Optional<String> name = Nodes.text(account.get(), "name");
      if (homePage.isPresent() && name.isPresent()) {
        return Optional.of("account:" + homePage.get() + "|" + name.get());
      }
    }
    return Optional.empty();
  }

  /**
   * A mailto IRI with its scheme and domain lowercased (Data 2.4.2.3.s4.b1); anything that does not
   * look like {@code mailto:local@domain} is returned unchanged.
   */
  static String normalizeMbox(String mbox) {
    String value = mbox;
    if (value.regionMatches(true, 0, "mailto:", 0, 7)) {
      value = "mailto:" + value.substring(7);
    }
    int at = value.lastIndexOf('@');
    if (at < 0) {
      return value;
    }
    return value.substring(0, at + 1) + Nodes.lower(value.substring(at + 1));
  }
}
