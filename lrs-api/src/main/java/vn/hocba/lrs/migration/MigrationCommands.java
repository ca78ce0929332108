package vn.hocba.lrs.migration;

import java.util.Map;
import vn.hocba.lrs.cli.Cli;

/** The migration commands of the jar, for {@link Cli}'s table. */
public final class MigrationCommands {

  private MigrationCommands() {}

  public static Map<String, Cli.Command> commands() {
    Map<String, String> env = System.getenv();
    return Map.of(
        "export", new ExportCommand(env),
        "import", new ImportCommand(env, System.in),
        "pull", new PullCommand(env));
  }
}
