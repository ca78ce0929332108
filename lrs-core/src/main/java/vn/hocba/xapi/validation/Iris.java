package vn.hocba.xapi.validation;

import java.util.regex.Pattern;

/**
 * Best-effort IRI/IRL checks (Data 4.3, Data 2.2.s4.b6): an IRI must be absolute, i.e. start with
 * an RFC 3986 scheme (Data 2.2.s4.b1.b8 rejects IRIs without a scheme), and must not contain
 * characters RFC 3987 never allows (whitespace, controls, {@code <>"{}|\^`}).
 */
final class Iris {

  private static final Pattern MAILTO = Pattern.compile("^mailto:[^@\\s:/?#\\[\\]]+@[^@\\s/?#]+$");

  private Iris() {}

  /**
   * One pass over the text, no pattern: every IRI of every statement goes through here (a profile
   * of the POST threads put the pattern-based check at 3.5 % of their samples).
   */
  static boolean isIri(String text) {
    if (text == null || text.isEmpty() || !Ascii.letter(text.charAt(0))) {
      return false;
    }
    int colon = -1;
    for (int i = 1; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == ':') {
        colon = i;
        break;
      }
      if (!(Ascii.letter(ch) || Ascii.digit(ch) || ch == '+' || ch == '.' || ch == '-')) {
        return false; // RFC 3986 scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"
      }
    }
    if (colon < 0 || colon == text.length() - 1) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch < 0x80 ? !ASCII_ALLOWED[ch] : ch <= 0x9F) {
        return false;
      }
      if (ch == '%'
          && (i + 2 >= text.length()
              || !Ascii.hexDigit(text.charAt(i + 1))
              || !Ascii.hexDigit(text.charAt(i + 2)))) {
        return false; // a percent sign starts a percent-encoded octet
      }
    }
    return true;
  }

  /**
   * ASCII characters an IRI may hold anywhere (RFC 3987 section 2.2 with RFC 3986's exclusions):
   * not controls, space or DEL, and none of {@code < > " { } | \ ^ `}. A table, because this runs
   * for every character of every IRI of every statement.
   */
  private static final boolean[] ASCII_ALLOWED = new boolean[0x80];

  static {
    for (char ch = 0x21; ch < 0x7F; ch++) {
      ASCII_ALLOWED[ch] = "<>\"{}|\\^`".indexOf(ch) < 0;
    }
  }

  /** An IRL is an IRI that is expected to be resolvable; syntactically the same check. */
  static boolean isIrl(String text) {
    return isIri(text);
  }

  /** A URI is an IRI restricted to ASCII (RFC 3986). */
  static boolean isUri(String text) {
    if (!isIri(text)) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) > 0x7E) {
        return false;
      }
    }
    return true;
  }

  /** Data 2.4.2.3: an mbox is a "mailto:" IRI holding one email address. */
  static boolean isMailto(String text) {
    return text != null && MAILTO.matcher(text).matches() && isIri(text);
  }
}
