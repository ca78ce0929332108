package vn.hocba.xapi.validation;

/**
 * Data 4.4: UUIDs MUST be in the standard string form of RFC 4122 (8-4-4-4-12 hexadecimal digits,
 * either case). Any version and variant is accepted; variant 2 is only recommended.
 */
final class Uuids {

  private Uuids() {}

  /** One pass, no pattern: every statement carries at least one, usually several. */
  static boolean isUuid(String text) {
    if (text == null || text.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char ch = text.charAt(i);
      boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? ch == '-' : Ascii.hexDigit(ch);
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
