package vn.hocba.statements;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * A validated statement ready for admission.
 *
 * @param id the statement id, lowercase
 * @param stored the statement as it will be stored (LRS-set properties filled in)
 * @param received the statement as the client sent it, for the immutability comparison
 * @param voidedTarget the lowercase id a voiding statement targets (Data 2.3.2), if any
 */
public record PreparedStatement(
    String id, ObjectNode stored, JsonNode received, Optional<String> voidedTarget) {

  public boolean voiding() {
    return voidedTarget.isPresent();
  }
}
