package vn.hocba.xapi.validation;

/**
 * One broken rule in a client document.
 *
 * @param pointer JSON pointer (RFC 6901) to the offending value, "" for the whole document
 * @param rule the specification rule, e.g. "Data 2.4.2.1" (section of the version in force)
 * @param message what is wrong, in English, without echoing personal data
 */
public record Violation(String pointer, String rule, String message) {

  @Override
  public String toString() {
    return (pointer.isEmpty() ? "/" : pointer) + ": " + message + " (xAPI " + rule + ")";
  }
}
