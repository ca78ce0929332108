package vn.hocba.lrs.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import vn.hocba.programme.Programme;
import vn.hocba.programme.ProgrammeFiles;
import vn.hocba.programme.ProgrammeIndex;

/** The programmes this LRS serves, loaded at start from the files {@code lrs.programmes} names. */
public final class Programmes {

  private final Map<String, ProgrammeIndex> byId = new LinkedHashMap<>();

  Programmes(List<Programme> programmes) {
    for (Programme p : programmes) {
      if (byId.put(p.id(), new ProgrammeIndex(p)) != null) {
        throw new IllegalStateException("two programme files define programme '" + p.id() + "'");
      }
    }
  }

  /**
   * Reads every file of a comma-separated list; a directory stands for its *.yaml, *.yml and *.json
   * files. Any invalid file stops the start with the list of its problems.
   */
  public static Programmes load(String setting) {
    List<Programme> out = new ArrayList<>();
    if (setting != null) {
      for (String part : setting.split(",")) {
        if (part.isBlank()) {
          continue;
        }
        Path path = Path.of(part.strip());
        if (Files.isDirectory(path)) {
          try (Stream<Path> files = Files.list(path)) {
            files
                .filter(f -> f.toString().matches(".*\\.(ya?ml|json)$"))
                .sorted()
                .forEach(f -> out.add(ProgrammeFiles.read(f)));
          } catch (IOException e) {
            throw new IllegalStateException("cannot list programme directory " + path, e);
          }
        } else {
          out.add(ProgrammeFiles.read(path));
        }
      }
    }
    return new Programmes(out);
  }

  public List<ProgrammeIndex> all() {
    return List.copyOf(byId.values());
  }

  public Optional<ProgrammeIndex> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }
}
