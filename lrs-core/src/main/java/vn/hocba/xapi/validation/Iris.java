package vn.hocba.xapi.validation;

import java.util.regex.Pattern;

/**
 * Best-effort IRI/IRL checks (Data 4.3, Data 2.2.s4.b6): an IRI must be absolute, i.e. start with
 * an RFC 3986 scheme (Data 2.2.s4.b1.b8 rejects IRIs without a scheme), and must not contain
 * characters RFC 3987 never allows (whitespace, controls, {@code <>"{}|\^`}).
 */
final class Iris {

  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.\\-]*:");
  private static final Pattern MAILTO = Pattern.compile("^mailto:[^@\\s:/?#\\[\\]]+@[^@\\s/?#]+$");
  private static final Pattern PERCENT = Pattern.compile("%(?![0-9A-Fa-f]{2})");

  private Iris() {}

  static boolean isIri(String text) {
    if (text == null || !SCHEME.matcher(text).find()) {
      return false;
    }
    String rest = text.substring(text.indexOf(':') + 1);
    if (rest.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch <= 0x20
          || ch == 0x7F
          || (ch >= 0x80 && ch <= 0x9F)
          || "<>\"{}|\\^`".indexOf(ch) >= 0) {
        return false;
      }
    }
    return !PERCENT.matcher(text).find();
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
