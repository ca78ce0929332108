package vn.hocba.xapi.statements;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** Voiding statements (Data 2.3.2). */
public final class Voiding {

  /** The reserved voiding Verb (Data 2.3.2.s1). */
  public static final String VOIDED_VERB = "http://adlnet.gov/expapi/verbs/voided";

  private Voiding() {}

  /**
   * The lowercased id of the Statement this statement voids: present only when the Verb is {@link
   * #VOIDED_VERB} and the Object is a StatementRef with an id (Data 2.3.2.s2.b1, b2).
   */
  public static Optional<String> voidedTarget(JsonNode statement) {
    if (!Nodes.text(Nodes.object(statement, "verb").orElse(null), "id")
        .map(VOIDED_VERB::equals)
        .orElse(false)) {
      return Optional.empty();
    }
    return statementRefTarget(statement);
  }

  /** True when the statement voids another (and so can itself never be voided, Data 2.3.2.s1). */
  public static boolean isVoiding(JsonNode statement) {
    return voidedTarget(statement).isPresent();
  }

  /** The lowercased id the Object refers to when the Object is a StatementRef. */
  static Optional<String> statementRefTarget(JsonNode statement) {
    JsonNode object = Nodes.object(statement, "object").orElse(null);
    if (object == null || !"StatementRef".equals(Nodes.objectType(object, ""))) {
      return Optional.empty();
    }
    return Nodes.text(object, "id").map(Nodes::lower);
  }
}
