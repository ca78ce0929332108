package vn.hocba.lrs.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import vn.hocba.lrs.store.EmbeddedStore;

/**
 * Dispatches {@code java -jar lrs.jar <command> [options]}. Without a known command name the jar
 * starts the server. Exit codes: 0 success, 1 the check or task failed, 2 bad usage.
 */
public final class Cli {

  /** One command: parses its own options and reports on out/err. */
  public interface Command {
    /** One line for {@code help}. */
    String summary();

    /** Runs; returns the exit code. */
    int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
  }

  private static final Map<String, Command> COMMANDS = new TreeMap<>();

  static {
    COMMANDS.put("help", new Help());
    COMMANDS.put("roster", new RosterCommand());
    COMMANDS.put("audit-person", new AuditPersonCommand());
    COMMANDS.put("verify-chain", new vn.hocba.lrs.audit.VerifyChainCommand());
    COMMANDS.putAll(vn.hocba.lrs.migration.MigrationCommands.commands());
    COMMANDS.put("rebuild", new vn.hocba.lrs.admin.RebuildCommand());
    COMMANDS.put("verify-certificate", new vn.hocba.lrs.certificates.VerifyCertificateCommand());
    COMMANDS.put("demo", new vn.hocba.lrs.demo.DemoCommand());
    COMMANDS.put("demo-programme", new vn.hocba.lrs.demo.DemoProgrammeCommand());
  }

  private Cli() {}

  /** What people type for help besides the command's name; the server must not start on them. */
  private static final List<String> HELP_FLAGS = List.of("--help", "-help", "-h", "-?");

  /** The command args[0] names, or null when args are server options. */
  private static String commandName(String[] args) {
    if (args.length == 0) {
      return null;
    }
    String name = HELP_FLAGS.contains(args[0]) ? "help" : args[0];
    return COMMANDS.containsKey(name) ? name : null;
  }

  /** True when args name a command (or ask for help) rather than give server options. */
  public static boolean isCommand(String[] args) {
    return commandName(args) != null;
  }

  /**
   * Outside Spring, logback would print everything to standard output, mixed with a command's
   * report: commands log warnings and errors only, to standard error.
   */
  public static void logToStandardError() {
    if (!(org.slf4j.LoggerFactory.getILoggerFactory()
        instanceof ch.qos.logback.classic.LoggerContext context)) {
      return;
    }
    context.reset();
    var encoder = new ch.qos.logback.classic.encoder.PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%level %logger{0}: %msg%n");
    encoder.start();
    var appender =
        new ch.qos.logback.core.ConsoleAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
    appender.setContext(context);
    appender.setTarget("System.err");
    appender.setEncoder(encoder);
    appender.start();
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(ch.qos.logback.classic.Level.WARN);
    root.addAppender(appender);
    // the embedded store warns about every secondary index it cannot build (decision 6)
    context.getLogger("de.bwaldvogel").setLevel(ch.qos.logback.classic.Level.ERROR);
  }

  /** Runs the command args[0] names and returns its exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Command c = COMMANDS.get(commandName(args));
    try {
      return c.run(List.of(Arrays.copyOfRange(args, 1, args.length)), out, err);
    } catch (UsageException e) {
      err.println(args[0] + ": " + e.getMessage());
      return 2;
    } catch (EmbeddedStore.StoreOpenException e) {
      err.println(args[0] + ": " + e.oneLine());
      return 1;
    } catch (Exception e) {
      err.println(args[0] + " failed: " + e);
      return 1;
    }
  }

  /** Bad options: exit code 2 with the message. */
  public static final class UsageException extends RuntimeException {
    public UsageException(String message) {
      super(message);
    }
  }

  private static final class Help implements Command {
    @Override
    public String summary() {
      return "lists the commands";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
      out.println("java -jar lrs.jar                 starts the LRS (see README.md)");
      out.println("java -jar lrs.jar <command> ...   runs a command and exits:");
      COMMANDS.forEach((name, c) -> out.printf("java -jar lrs.jar %-15s %s%n", name, c.summary()));
      return 0;
    }
  }
}
