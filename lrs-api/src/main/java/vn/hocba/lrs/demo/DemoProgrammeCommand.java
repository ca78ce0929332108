package vn.hocba.lrs.demo;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import vn.hocba.lrs.cli.Cli;

/**
 * {@code java -jar lrs.jar demo-programme --out FILE [--programme FILE] [--weeks N]}: writes a demo
 * copy of a programme file with every date moved by the same number of days so that the programme
 * started N weeks ago, which lets a synthetic run end today and its dashboard look alive. The real
 * file is left as it is.
 */
public final class DemoProgrammeCommand implements Cli.Command {

  @Override
  public String summary() {
    return "writes a copy of a programme whose start is N weeks ago (for demo)";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    Path source = Path.of(DemoCommand.DEFAULT_PROGRAMME);
    Path target = null;
    int weeks = 8;
    LocalDate today = null;
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).equals("--help")) {
        out.print(USAGE);
        return 0;
      }
      if (i + 1 >= args.size()) {
        throw new Cli.UsageException(args.get(i) + " needs a value\n" + USAGE);
      }
      String v = args.get(++i);
      switch (args.get(i - 1)) {
        case "--programme" -> source = Path.of(v);
        case "--out" -> target = Path.of(v);
        case "--weeks" -> weeks = Integer.parseInt(v);
        case "--today" -> today = LocalDate.parse(v);
        default -> throw new Cli.UsageException("unknown option " + args.get(i - 1) + "\n" + USAGE);
      }
    }
    if (target == null) {
      throw new Cli.UsageException("--out is required\n" + USAGE);
    }
    String text = Files.readString(source, StandardCharsets.UTF_8);
    DemoProgramme original = DemoProgramme.parse(text);
    if (today == null) {
      today = LocalDate.now(original.timeZone());
    }
    long days = shift(original.start(), today, weeks);
    String shifted = shiftedCopy(text, source, days, today);
    DemoProgramme copy = DemoProgramme.parse(shifted);
    if (target.toAbsolutePath().getParent() != null) {
      Files.createDirectories(target.toAbsolutePath().getParent());
    }
    Files.writeString(target, shifted, StandardCharsets.UTF_8);
    out.printf(
        "Bản demo / demo copy %s: bắt đầu / starts %s (%d tuần trước / weeks ago), mọi ngày dời"
            + " / every date moved by %+d ngày / days%n",
        target, copy.start(), weeks, days);
    return 0;
  }

  /** Days to add to every date so that the programme starts {@code weeks} weeks before today. */
  static long shift(LocalDate start, LocalDate today, int weeks) {
    return ChronoUnit.DAYS.between(start, today.minusWeeks(weeks));
  }

  static String shiftedCopy(String text, Path source, long days, LocalDate today) {
    return "# DEMO COPY written by `java -jar lrs.jar demo-programme` on "
        + today
        + " from "
        + source.getFileName()
        + ":\n# every date is moved by "
        + days
        + " days so that the synthetic run ends today. Not the real programme.\n"
        + DemoProgramme.shiftDates(text, days);
  }

  private static final String USAGE =
      """
      usage: java -jar lrs.jar demo-programme --out FILE [options]
        --programme FILE   the programme (default docs/examples/quang-nam-2025.yaml)
        --weeks N          the copy starts N weeks before today (default 8)
        --today DATE       today, in the programme's time zone (default: the real today)
      """;
}
