package vn.hocba.lrs.security;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import vn.hocba.lrs.web.Problem;

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

  /**
   * Fails with 403 unless this credential has the scope. Scopes beyond xAPI's: {@code dashboard}
   * (read the progress and target dashboards), {@code roster} (import rosters), {@code admin}
   * (rebuilds, exports, imports, chain verification).
   */
  public void require(String scope) {
    if (!may(scope)) {
      throw Problem.forbidden("this credential may not use " + scope);
    }
  }

  /** The principal a filter authenticated for this request; 401 when there is none. */
  public static Principal of(jakarta.servlet.http.HttpServletRequest request) {
    Object p = request.getAttribute(ATTRIBUTE);
    if (p instanceof Principal principal) {
      return principal;
    }
    throw Problem.unauthorized("credentials are required");
  }
}
