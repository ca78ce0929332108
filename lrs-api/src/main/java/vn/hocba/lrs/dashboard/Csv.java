package vn.hocba.lrs.dashboard;

/**
 * RFC 4180 CSV with a byte-order mark so that spreadsheet programs read Vietnamese correctly. A
 * field that starts like a formula is prefixed with a quote: a spreadsheet must never execute a
 * learner's name.
 */
final class Csv {

  private final StringBuilder out = new StringBuilder("\uFEFF");

  Csv(String... header) {
    row((Object[]) header);
  }

  void row(Object... fields) {
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(field(fields[i]));
    }
    out.append("\r\n");
  }

  static String field(Object o) {
    if (o == null) {
      return "";
    }
    String s = o.toString();
    if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 && !(o instanceof Number)) {
      s = "'" + s;
    }
    if (s.indexOf(',') >= 0
        || s.indexOf('"') >= 0
        || s.indexOf('\n') >= 0
        || s.indexOf('\r') >= 0) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
