package vn.hocba.xapi.validation;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Data 4.6: durations in the ISO 8601:2004(E) 4.4.3.2 format ({@code PnYnMnDTnHnMnS} or {@code
 * PnW}); the alternative time-point format (4.4.3.3, e.g. {@code P0003-01-29T04:35:59}) is
 * rejected, weeks do not combine with other designators ("P4W1D" is invalid) and only the smallest
 * component present may carry a decimal fraction.
 */
final class Durations {

  private static final String NUM = "(\\d+(?:[.,]\\d+)?)";
  private static final Pattern DURATION =
      Pattern.compile(
          "^P(?:" + NUM + "Y)?(?:" + NUM + "M)?(?:" + NUM + "D)?" + "(?:T(?:" + NUM + "H)?(?:" + NUM
              + "M)?(?:" + NUM + "S)?)?$");
  private static final Pattern WEEKS = Pattern.compile("^P" + NUM + "W$");

  private Durations() {}

  static boolean isDuration(String text) {
    if (text == null) {
      return false;
    }
    if (WEEKS.matcher(text).matches()) {
      return true;
    }
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      return false;
    }
    int last = -1;
    for (int g = 1; g <= 6; g++) {
      if (m.group(g) != null) {
        last = g;
      }
    }
    if (last < 0) {
      return false; // "P" or "PT" alone
    }
    int t = text.indexOf('T');
    if (t >= 0 && (last < 4 || t == text.length() - 1)) {
      return false; // "T" must be followed by at least one time component
    }
    for (int g = 1; g < last; g++) {
      String part = m.group(g);
      if (part != null && (part.contains(".") || part.contains(","))) {
        return false; // a fraction is only allowed on the smallest component
      }
    }
    return true;
  }
}
