package vn.hocba.programme;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ISO 8601 durations of xAPI results (Data 4.6) in milliseconds. Years and months have no fixed
 * length; they are taken as 365 and 30 days, which no course duration comes near.
 */
final class IsoDurations {

  private static final String N = "(\\d+(?:[.,]\\d+)?)";
  private static final Pattern P =
      Pattern.compile(
          "P(?:" + N + "Y)?(?:" + N + "M)?(?:" + N + "W)?(?:" + N + "D)?" + "(?:T(?:" + N + "H)?(?:"
              + N + "M)?(?:" + N + "S)?)?");
  private static final long[] UNIT = {
    365L * 86_400_000, 30L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1_000
  };

  private IsoDurations() {}

  static Optional<Long> millis(String text) {
    Matcher m = P.matcher(text);
    if (!m.matches() || text.equals("P") || text.endsWith("T")) {
      return Optional.empty();
    }
    BigDecimal total = BigDecimal.ZERO;
    for (int i = 0; i < UNIT.length; i++) {
      String v = m.group(i + 1);
      if (v != null) {
        total =
            total.add(new BigDecimal(v.replace(',', '.')).multiply(BigDecimal.valueOf(UNIT[i])));
      }
    }
    try {
      return Optional.of(total.longValueExact());
    } catch (ArithmeticException e) {
      return Optional.of(total.setScale(0, java.math.RoundingMode.HALF_UP).longValue());
    }
  }
}
