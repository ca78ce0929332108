package vn.hocba.programme;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Roster files (docs/dashboard-api.md): CSV with a header row naming {@code learner}, {@code
 * group}, {@code locality} and optionally {@code effective}, in any order. A roster is checked
 * whole: every bad row is reported with its line number, and nothing is placed unless all rows are
 * good.
 */
public final class Rosters {

  private Rosters() {}

  /** One good row. */
  public record Row(int line, String person, String group, String locality, LocalDate effective) {}

  /** A bad row, with what is wrong in words a programme manager understands. */
  public record Problem(int line, String message) {}

  /** The rows, or the problems (then rows is empty). */
  public record Parsed(List<Row> rows, List<Problem> problems) {}

  public static Parsed parse(String csv, ProgrammeIndex programme, LocalDate today) {
    List<Problem> problems = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    String text = csv.startsWith("\uFEFF") ? csv.substring(1) : csv;
    List<List<String>> records;
    List<Integer> lines = new ArrayList<>();
    try {
      records = records(text, lines);
    } catch (IllegalArgumentException e) {
      return new Parsed(List.of(), List.of(new Problem(lineOf(e), e.getMessage())));
    }
    if (records.isEmpty()) {
      return new Parsed(List.of(), List.of(new Problem(1, "the roster is empty")));
    }
    Map<String, Integer> column = new HashMap<>();
    List<String> header = records.get(0);
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i).strip().toLowerCase(Locale.ROOT);
      if (column.putIfAbsent(name, i) != null) {
        problems.add(new Problem(1, "column '" + name + "' appears twice"));
      }
    }
    for (String required : List.of("learner", "group", "locality")) {
      if (!column.containsKey(required)) {
        problems.add(
            new Problem(
                1, "the header must name learner, group and locality (missing: " + required + ")"));
      }
    }
    if (!problems.isEmpty()) {
      return new Parsed(List.of(), problems);
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int r = 1; r < records.size(); r++) {
      List<String> rec = records.get(r);
      int line = lines.get(r);
      if (rec.size() == 1 && rec.get(0).isBlank()) {
        continue; // an empty line
      }
      if (rec.size() != header.size()) {
        problems.add(
            new Problem(line, "has " + rec.size() + " fields, the header " + header.size()));
        continue;
      }
      String learner = rec.get(column.get("learner")).strip();
      String group = rec.get(column.get("group")).strip();
      String locality = rec.get(column.get("locality")).strip();
      String effectiveText =
          column.containsKey("effective") ? rec.get(column.get("effective")).strip() : "";
      String person;
      try {
        person = PersonKeys.ofLearner(learner);
      } catch (IllegalArgumentException e) {
        problems.add(new Problem(line, "learner: " + e.getMessage()));
        continue;
      }
      LocalDate effective = today;
      if (!effectiveText.isEmpty()) {
        try {
          effective = LocalDate.parse(effectiveText);
        } catch (DateTimeException e) {
          problems.add(new Problem(line, "effective must be a date YYYY-MM-DD"));
          continue;
        }
      }
      if (group.isEmpty()) {
        if (!locality.isEmpty()) {
          problems.add(new Problem(line, "a withdrawal (empty group) takes no locality"));
          continue;
        }
      } else {
        if (programme.group(group).isEmpty()) {
          problems.add(new Problem(line, "unknown group '" + group + "'"));
          continue;
        }
        if (programme.locality(locality).isEmpty()) {
          problems.add(new Problem(line, "unknown locality '" + locality + "'"));
          continue;
        }
      }
      Integer earlier = seen.put(person + "|" + effective, line);
      if (earlier != null) {
        problems.add(
            new Problem(
                line,
                "the same learner and effective date as line " + earlier + " (one row each)"));
        continue;
      }
      rows.add(
          new Row(
              line,
              person,
              group.isEmpty() ? null : group,
              locality.isEmpty() ? null : locality,
              effective));
    }
    return problems.isEmpty() ? new Parsed(rows, List.of()) : new Parsed(List.of(), problems);
  }

  private static int lineOf(IllegalArgumentException e) {
    String m = e.getMessage();
    int i = m.indexOf("line ");
    if (i >= 0) {
      try {
        return Integer.parseInt(m.substring(i + 5).replaceAll("\\D.*", ""));
      } catch (NumberFormatException ignored) {
        // fall through
      }
    }
    return 1;
  }

  /** RFC 4180 records; {@code lines} receives the line each record starts on. */
  static List<List<String>> records(String text, List<Integer> lines) {
    List<List<String>> out = new ArrayList<>();
    List<String> rec = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean fieldStarted = false;
    int line = 1;
    int recordLine = 1;
    int quoteLine = 1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') {
            line++;
          }
          field.append(c);
        }
        continue;
      }
      if (c == '"' && !fieldStarted) {
        quoted = true;
        fieldStarted = true;
        quoteLine = line;
      } else if (c == ',') {
        rec.add(field.toString());
        field.setLength(0);
        fieldStarted = false;
      } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        continue;
      } else if (c == '\n' || c == '\r') {
        rec.add(field.toString());
        field.setLength(0);
        fieldStarted = false;
        out.add(rec);
        lines.add(recordLine);
        rec = new ArrayList<>();
        line++;
        recordLine = line;
      } else {
        field.append(c);
        fieldStarted = true;
      }
    }
    if (quoted) {
      throw new IllegalArgumentException(
          "a quoted field opened on line " + quoteLine + " never closes");
    }
    if (fieldStarted || !rec.isEmpty() || field.length() > 0) {
      rec.add(field.toString());
      out.add(rec);
      lines.add(recordLine);
    }
    return out;
  }
}
