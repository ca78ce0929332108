package vn.hocba.lrs.security;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * The credential a request was authenticated with.
 *
 * @param key the public key of the credential (its HTTP Basic user name)
 * @param scopes what it may do, e.g. "statements/write", "statements/read", "all"
 * @param authority the Agent recorded as authority of the statements it sends (Data 2.4.9)
 */
public record Principal(String key, Set<String> scopes, JsonNode authority) {

  public static final String ATTRIBUTE = "vn.hocba.lrs.principal";

  public boolean may(String scope) {
    return scopes.contains("all") || scopes.contains(scope);
  }
}
