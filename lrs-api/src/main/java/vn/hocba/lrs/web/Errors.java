package vn.hocba.lrs.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import vn.hocba.documents.DocumentStore;
import vn.hocba.eventlog.StatementLedger.StatementConflictException;
import vn.hocba.xapi.attachments.AttachmentException;
import vn.hocba.xapi.json.StrictJson;
import vn.hocba.xapi.json.StrictJson.InvalidJsonException;
import vn.hocba.xapi.validation.Violation;

/**
 * The one place where failures become HTTP statuses (Communication 3.2): a JSON body naming the
 * problem, the violated rules with their JSON pointers, and never personal data.
 */
@RestControllerAdvice
public class Errors {

  private static final Logger log = LoggerFactory.getLogger(Errors.class);

  @ExceptionHandler(Problem.class)
  ResponseEntity<String> problem(Problem p) {
    return body(p.status(), p.getMessage(), p.violations());
  }

  @ExceptionHandler(InvalidJsonException.class)
  ResponseEntity<String> invalidJson(InvalidJsonException e) {
    return body(HttpStatus.BAD_REQUEST, e.getMessage(), List.of());
  }

  @ExceptionHandler(AttachmentException.class)
  ResponseEntity<String> attachment(AttachmentException e) {
    return body(HttpStatus.BAD_REQUEST, e.getMessage(), List.of());
  }

  @ExceptionHandler(StatementConflictException.class)
  ResponseEntity<String> conflict(StatementConflictException e) {
    return body(HttpStatus.CONFLICT, e.getMessage(), List.of());
  }

  @ExceptionHandler(DocumentStore.PreconditionFailedException.class)
  ResponseEntity<String> precondition(DocumentStore.PreconditionFailedException e) {
    return body(HttpStatus.PRECONDITION_FAILED, e.getMessage(), List.of());
  }

  @ExceptionHandler(DocumentStore.ConflictException.class)
  ResponseEntity<String> documentConflict(DocumentStore.ConflictException e) {
    return body(HttpStatus.CONFLICT, e.getMessage(), List.of());
  }

  @ExceptionHandler(DocumentStore.NotMergeableException.class)
  ResponseEntity<String> notMergeable(DocumentStore.NotMergeableException e) {
    return body(HttpStatus.BAD_REQUEST, e.getMessage(), List.of());
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<String> method(HttpRequestMethodNotSupportedException e) {
    return body(
        HttpStatus.METHOD_NOT_ALLOWED,
        "method " + e.getMethod() + " is not allowed here",
        List.of());
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<String> mediaType(HttpMediaTypeNotSupportedException e) {
    return body(
        HttpStatus.BAD_REQUEST, "unsupported Content-Type: " + e.getContentType(), List.of());
  }

  @ExceptionHandler(org.springframework.web.HttpMediaTypeNotAcceptableException.class)
  ResponseEntity<String> notAcceptable(
      org.springframework.web.HttpMediaTypeNotAcceptableException e) {
    return body(
        HttpStatus.NOT_ACCEPTABLE,
        "this resource answers with " + e.getSupportedMediaTypes() + " only",
        List.of());
  }

  @ExceptionHandler(MaxUploadSizeExceededException.class)
  ResponseEntity<String> tooLarge(MaxUploadSizeExceededException e) {
    return body(HttpStatus.PAYLOAD_TOO_LARGE, "the request body is too large", List.of());
  }

  @ExceptionHandler(NoHandlerFoundException.class)
  ResponseEntity<String> noHandler(NoHandlerFoundException e) {
    return body(HttpStatus.NOT_FOUND, "no resource at " + e.getRequestURL(), List.of());
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<String> noResource(NoResourceFoundException e) {
    return body(HttpStatus.NOT_FOUND, "no resource at " + e.getResourcePath(), List.of());
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<String> unexpected(Exception e) {
    log.error("unexpected failure", e);
    return body(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "internal error; the request was not completed",
        List.of());
  }

  public static ResponseEntity<String> body(
      HttpStatus status, String message, List<Violation> violations) {
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(json(status, message, violations));
  }

  public static String json(HttpStatus status, String message, List<Violation> violations) {
    ObjectNode n = StrictJson.mapper().createObjectNode();
    n.put("error", true);
    n.put("statusCode", status.value());
    n.put("message", message);
    if (!violations.isEmpty()) {
      ArrayNode a = n.putArray("violations");
      for (Violation v : violations) {
        a.addObject().put("pointer", v.pointer()).put("rule", v.rule()).put("message", v.message());
      }
    }
    return StrictJson.write(n);
  }

  /** For filters, which run before the controller advice. */
  public static void write(HttpServletResponse response, HttpStatus status, String message)
      throws IOException {
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response
        .getOutputStream()
        .write(json(status, message, List.of()).getBytes(StandardCharsets.UTF_8));
  }
}
