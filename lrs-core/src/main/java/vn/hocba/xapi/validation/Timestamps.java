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

  /** Where {@link #isSimpleShape} wants digits: yyyy-MM-ddTHH:mm:ss. */
  private static final int[] DIGIT_PLACES = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18};

  private Timestamps() {}

  /** Returns null when valid, otherwise a short English reason. */
  static String problem(String text, XapiVersion version) {
    if (text == null) {
      return "must be a string";
    }
    if (isSimpleShape(text)) {
      // yyyy-MM-ddTHH:mm:ss[.f+](Z|+hh:mm|-hh:mm): fields at fixed places, no pattern needed
      int n = text.length();
      boolean utc = text.charAt(n - 1) == 'Z';
      return check(
          digits(text, 0, 4),
          digits(text, 5, 7),
          digits(text, 8, 10),
          digits(text, 11, 13),
          digits(text, 14, 16),
          digits(text, 17, 19),
          true,
          !utc && text.charAt(n - 6) == '-',
          utc ? 0 : digits(text, n - 5, n - 3),
          utc ? 0 : digits(text, n - 2, n),
          version);
    }
    return problemByPattern(text, version);
  }

  /** The same answer from the two patterns alone, whatever the text's shape. */
  static String problemByPattern(String text, XapiVersion version) {
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
    String zone = m.group(8);
    // an offset's digits without its colon: hh or hhmm
    String offset = zone == null || zone.equals("Z") ? "" : zone.substring(1).replace(":", "");
    return check(
        Integer.parseInt(m.group(1)),
        Integer.parseInt(m.group(2)),
        Integer.parseInt(m.group(3)),
        Integer.parseInt(m.group(4)),
        Integer.parseInt(m.group(5)),
        m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
        zone != null,
        zone != null && zone.startsWith("-"),
        offset.isEmpty() ? 0 : Integer.parseInt(offset.substring(0, 2)),
        offset.length() > 2 ? Integer.parseInt(offset.substring(2)) : 0,
        version);
  }

  /**
   * The extended form with seconds and a zone, as nearly every client sends it: {@code
   * yyyy-MM-ddTHH:mm:ss}, an optional fraction of one or more digits, then {@code Z} or an offset
   * {@code +hh:mm} / {@code -hh:mm}. Every such text matches {@link #EXTENDED}.
   */
  static boolean isSimpleShape(String t) {
    int n = t.length();
    if (n < 20
        || t.charAt(4) != '-'
        || t.charAt(7) != '-'
        || t.charAt(10) != 'T'
        || t.charAt(13) != ':'
        || t.charAt(16) != ':') {
      return false;
    }
    for (int i : DIGIT_PLACES) {
      if (!Ascii.digit(t.charAt(i))) {
        return false;
      }
    }
    int zoneStart;
    if (t.charAt(n - 1) == 'Z') {
      zoneStart = n - 1;
    } else if (n >= 25
        && (t.charAt(n - 6) == '+' || t.charAt(n - 6) == '-')
        && Ascii.digit(t.charAt(n - 5))
        && Ascii.digit(t.charAt(n - 4))
        && t.charAt(n - 3) == ':'
        && Ascii.digit(t.charAt(n - 2))
        && Ascii.digit(t.charAt(n - 1))) {
      zoneStart = n - 6;
    } else {
      return false;
    }
    if (zoneStart == 19) {
      return true;
    }
    if (t.charAt(19) != '.' || zoneStart == 20) {
      return false;
    }
    for (int i = 20; i < zoneStart; i++) {
      if (!Ascii.digit(t.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static int digits(String t, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      v = v * 10 + (t.charAt(i) - '0');
    }
    return v;
  }

  /**
   * The rules once the fields are read: an existing date and time of day, a time zone under 2.0, a
   * possible offset that is not the negative zero.
   *
   * @param zoned whether the text names a time zone ({@code Z} or an offset)
   * @param negative whether that is an offset with a minus sign
   */
  private static String check(
      int year,
      int month,
      int day,
      int hour,
      int minute,
      int second,
      boolean zoned,
      boolean negative,
      int offsetHours,
      int offsetMinutes,
      XapiVersion version) {
    try {
      LocalDate.of(year, month, day);
    } catch (DateTimeException e) {
      return "must name an existing calendar date";
    }
    if (hour > 23 || minute > 59 || second > 60) {
      return "must name an existing time of day";
    }
    if (!zoned) {
      return version == XapiVersion.V2_0_0
          ? "must include a time zone (Z or an offset such as +07:00)"
          : null;
    }
    if (offsetHours > 23 || offsetMinutes > 59) {
      return "has an impossible time zone offset";
    }
    if (negative && offsetHours == 0 && offsetMinutes == 0) {
      return "must not use the negative zero offset (-00:00); use Z or +00:00";
    }
    return null;
  }
}
