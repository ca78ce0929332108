package vn.hocba.lrs.xapi;

import java.util.List;
import org.springframework.http.HttpStatus;
import vn.hocba.xapi.validation.Violation;

/** A typed failure of an xAPI request; {@link XapiErrors} turns it into the response. */
final class XapiProblem extends RuntimeException {

  private final HttpStatus status;
  private final List<Violation> violations;

  private XapiProblem(HttpStatus status, String message, List<Violation> violations) {
    super(message);
    this.status = status;
    this.violations = List.copyOf(violations);
  }

  static XapiProblem badRequest(String message) {
    return new XapiProblem(HttpStatus.BAD_REQUEST, message, List.of());
  }

  static XapiProblem invalid(String message, List<Violation> violations) {
    return new XapiProblem(HttpStatus.BAD_REQUEST, message, violations);
  }

  static XapiProblem notFound(String message) {
    return new XapiProblem(HttpStatus.NOT_FOUND, message, List.of());
  }

  static XapiProblem preconditionFailed(String message) {
    return new XapiProblem(HttpStatus.PRECONDITION_FAILED, message, List.of());
  }

  static XapiProblem conflict(String message) {
    return new XapiProblem(HttpStatus.CONFLICT, message, List.of());
  }

  static XapiProblem forbidden(String message) {
    return new XapiProblem(HttpStatus.FORBIDDEN, message, List.of());
  }

  static XapiProblem tooLarge(String message) {
    return new XapiProblem(HttpStatus.PAYLOAD_TOO_LARGE, message, List.of());
  }

  static XapiProblem unavailable(String message) {
    return new XapiProblem(HttpStatus.SERVICE_UNAVAILABLE, message, List.of());
  }

  HttpStatus status() {
    return status;
  }

  List<Violation> violations() {
    return violations;
  }
}
