package vn.hocba.lrs.web;

import java.util.List;
import org.springframework.http.HttpStatus;
import vn.hocba.xapi.validation.Violation;

/** A typed failure of an xAPI request; {@link Errors} turns it into the response. */
public final class Problem extends RuntimeException {

  private final HttpStatus status;
  private final List<Violation> violations;

  private Problem(HttpStatus status, String message, List<Violation> violations) {
    super(message);
    this.status = status;
    this.violations = List.copyOf(violations);
  }

  public static Problem badRequest(String message) {
    return new Problem(HttpStatus.BAD_REQUEST, message, List.of());
  }

  public static Problem invalid(String message, List<Violation> violations) {
    return new Problem(HttpStatus.BAD_REQUEST, message, violations);
  }

  public static Problem notFound(String message) {
    return new Problem(HttpStatus.NOT_FOUND, message, List.of());
  }

  public static Problem preconditionFailed(String message) {
    return new Problem(HttpStatus.PRECONDITION_FAILED, message, List.of());
  }

  public static Problem conflict(String message) {
    return new Problem(HttpStatus.CONFLICT, message, List.of());
  }

  public static Problem unauthorized(String message) {
    return new Problem(HttpStatus.UNAUTHORIZED, message, List.of());
  }

  public static Problem tooManyRequests(String message) {
    return new Problem(HttpStatus.TOO_MANY_REQUESTS, message, List.of());
  }

  public static Problem forbidden(String message) {
    return new Problem(HttpStatus.FORBIDDEN, message, List.of());
  }

  public static Problem tooLarge(String message) {
    return new Problem(HttpStatus.PAYLOAD_TOO_LARGE, message, List.of());
  }

  public static Problem unavailable(String message) {
    return new Problem(HttpStatus.SERVICE_UNAVAILABLE, message, List.of());
  }

  public HttpStatus status() {
    return status;
  }

  public List<Violation> violations() {
    return violations;
  }
}
