package vn.hocba.xapi.validation;

import java.util.regex.Pattern;

/**
 * Data 4.4: UUIDs MUST be in the standard string form of RFC 4122 (8-4-4-4-12 hexadecimal digits,
 * either case). Any version and variant is accepted; variant 2 is only recommended.
 */
final class Uuids {

  private static final Pattern STANDARD_FORM =
      Pattern.compile(
          "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$");

  private Uuids() {}

  static boolean isUuid(String text) {
    return text != null && STANDARD_FORM.matcher(text).matches();
  }
}
