package vn.hocba.xapi.validation;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vn.hocba.xapi.model.XapiVersion;

/**
 * Data 4.5: timestamps are ISO 8601 combined date and time representations, in either the extended
 * ({@code 2015-01-02T03:04:05.678+07:00}) or the basic ({@code 20150102T030405.678+0700}) format,
 * never mixing the two (except that an extended time may carry a {@code +hhmm} offset, as many
 * clients emit). The calendar date and clock time must exist. A negative zero offset ({@code -00},
 * {@code -0000}, {@code -00:00}: "local offset unknown" in RFC 3339) is rejected, as the
 * conformance suite requires. xAPI 2.0 additionally requires the time zone (RFC 3339 profile).
 */
final class Timestamps {

  private static final Pattern EXTENDED =
      Pattern.compile(
          "^(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d+))?)?"
              + "(Z|[+-]\\d{2}(?::?\\d{2})?)?$");
  private static final Pattern BASIC =
      Pattern.compile(
          "^(\\d{4})(\\d{2})(\\d{2})T(\\d{2})(\\d{2})(?:(\\d{2})(?:\\.(\\d+))?)?"
              + "(Z|[+-]\\d{2}(?:\\d{2})?)?$");

  private Timestamps() {}

  /** Returns null when valid, otherwise a short English reason. */
  static String problem(String text, XapiVersion version) {
    if (text == null) {
      return "must be a string";
    }
    Matcher m = EXTENDED.matcher(text);
    if (!m.matches()) {
      m = BASIC.matcher(text);
      if (!m.matches()) {
        return "must be an ISO 8601 date and time (e.g. 2015-01-02T03:04:05.678Z)";
      }
    }
    try {
      LocalDate.of(
          Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    } catch (DateTimeException e) {
      return "must name an existing calendar date";
    }
    int hour = Integer.parseInt(m.group(4));
    int minute = Integer.parseInt(m.group(5));
    int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
    if (hour > 23 || minute > 59 || second > 60) {
      return "must name an existing time of day";
    }
    String zone = m.group(8);
    if (zone == null) {
      return version == XapiVersion.V2_0_0
          ? "must include a time zone (Z or an offset such as +07:00)"
          : null;
    }
    if (!zone.equals("Z")) {
      String digits = zone.substring(1).replace(":", "");
      int offsetHours = Integer.parseInt(digits.substring(0, 2));
      int offsetMinutes = digits.length() > 2 ? Integer.parseInt(digits.substring(2)) : 0;
      if (offsetHours > 23 || offsetMinutes > 59) {
        return "has an impossible time zone offset";
      }
      if (zone.startsWith("-") && offsetHours == 0 && offsetMinutes == 0) {
        return "must not use the negative zero offset (-00:00); use Z or +00:00";
      }
    }
    return null;
  }
}
