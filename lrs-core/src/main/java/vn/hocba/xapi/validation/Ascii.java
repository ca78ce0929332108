package vn.hocba.xapi.validation;

/**
 * ASCII character classes the format checks share (IRIs, UUIDs, language tags, timestamps): the
 * specifications' ALPHA, DIGIT and HEXDIG, never Unicode letters or digits.
 */
final class Ascii {

  private Ascii() {}

  /** RFC 5234 ALPHA. */
  static boolean letter(char ch) {
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
  }

  /** RFC 5234 DIGIT. */
  static boolean digit(char ch) {
    return ch >= '0' && ch <= '9';
  }

  /** RFC 5234 HEXDIG, either case. */
  static boolean hexDigit(char ch) {
    return digit(ch) || (ch >= 'A' && ch <= 'F') || (ch >= 'a' && ch <= 'f');
  }
}
