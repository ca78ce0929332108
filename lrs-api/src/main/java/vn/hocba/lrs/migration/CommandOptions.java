package vn.hocba.lrs.migration;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import vn.hocba.lrs.cli.Cli;

/**
 * The {@code --name value} options of a command; {@code --name=value} works too. An unknown option,
 * a missing value or a repeated option is a usage error (exit code 2).
 */
final class CommandOptions {

  private final Map<String, String> values = new LinkedHashMap<>();

  CommandOptions(List<String> args, Set<String> known, Set<String> flags) {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        throw new Cli.UsageException("unexpected argument '" + arg + "'");
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (flags.contains(name)) {
        value = value == null ? "true" : value;
      } else if (!known.contains(name)) {
        throw new Cli.UsageException("unknown option --" + name);
      } else if (value == null) {
        if (i + 1 >= args.size()) {
          throw new Cli.UsageException("--" + name + " needs a value");
        }
        value = args.get(++i);
      }
      if (values.put(name, value) != null) {
        throw new Cli.UsageException("--" + name + " is given twice");
      }
    }
  }

  Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  String require(String name) {
    return get(name).orElseThrow(() -> new Cli.UsageException("--" + name + " is required"));
  }

  boolean flag(String name) {
    return get(name).map("true"::equals).orElse(false);
  }

  long number(String name, long dflt, long min) {
    String v = values.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      long n = Long.parseLong(v);
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new Cli.UsageException("--" + name + " must be a whole number of at least " + min);
  }

  /**
   * A secret from its option, else from an environment variable, so that it need not appear in the
   * process list.
   */
  String secret(String name, String environmentVariable, Map<String, String> environment) {
    return get(name)
        .or(() -> Optional.ofNullable(environment.get(environmentVariable)))
        .orElseThrow(
            () ->
                new Cli.UsageException(
                    "--"
                        + name
                        + " (or the environment variable "
                        + environmentVariable
                        + ")"
                        + " is required"));
  }
}
