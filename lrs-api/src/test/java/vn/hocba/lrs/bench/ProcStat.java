package vn.hocba.lrs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** CPU time (user + system) of a process, from Linux {@code /proc/<pid>/stat}. */
final class ProcStat {

  private static final long CLOCK_TICKS = clockTicks();

  private ProcStat() {}

  /** Milliseconds of CPU used so far by {@code pid}, or -1 when it cannot be read. */
  static double cpuMillis(long pid) {
    try {
      return ticks(Path.of("/proc/" + pid + "/stat")) * 1000.0 / CLOCK_TICKS;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * Milliseconds of CPU used so far by the threads of {@code pid} whose name ({@code comm}) starts
   * with one of the prefixes, or -1 when they cannot be read. A thread that has ended is no longer
   * counted, so the JVM's compiler threads, which come and go, are slightly undercounted.
   */
  static double threadCpuMillis(long pid, String... prefixes) {
    Map<String, Double> byName = cpuMillisByThreadName(pid);
    if (byName == null) {
      return -1;
    }
    double total = 0;
    for (Map.Entry<String, Double> e : byName.entrySet()) {
      for (String prefix : prefixes) {
        if (e.getKey().startsWith(prefix)) {
          total += e.getValue();
          break;
        }
      }
    }
    return total;
  }

  /**
   * Milliseconds of CPU used so far by each kind of thread of {@code pid}: thread names ({@code
   * comm}, at most 15 chars) with their digits replaced by {@code #}, so that a pool's threads are
   * one entry. Empty when the threads cannot be read; an ended thread is no longer counted.
   */
  static Map<String, Double> cpuMillisByThreadKind(long pid) {
    Map<String, Double> byName = cpuMillisByThreadName(pid);
    if (byName == null) {
      return Map.of();
    }
    Map<String, Double> out = new TreeMap<>();
    byName.forEach((name, ms) -> out.merge(name.replaceAll("[0-9]+", "#"), ms, Double::sum));
    return out;
  }

  /** CPU milliseconds of the threads of {@code pid} by name, or null when they cannot be read. */
  private static Map<String, Double> cpuMillisByThreadName(long pid) {
    Map<String, Double> out = new TreeMap<>();
    try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String comm = Files.readString(task.resolve("comm")).trim();
          out.merge(comm, ticks(task.resolve("stat")) * 1000.0 / CLOCK_TICKS, Double::sum);
        } catch (IOException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return out;
  }

  /**
   * Bytes {@code pid} has caused to be written to storage so far ({@code write_bytes} of {@code
   * /proc/<pid>/io}: what reached the block layer, not what was written to sockets), or -1 when it
   * cannot be read.
   */
  static long storageWriteBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/io"))) {
        if (line.startsWith("write_bytes:")) {
          return Long.parseLong(line.substring("write_bytes:".length()).trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /**
   * Free memory and page cache, from {@code /proc/meminfo}, as "F GB free, C GB page cache", or
   * "n/a". On a virtual machine that reports free pages to its host (see {@link
   * #freePageReporting}) a store file growing into free memory costs the writing thread system time
   * that a page cache already filling memory does not (docs/benchmark.md, thirteenth session), so
   * the figures of a run depend on this.
   */
  static String memory() {
    try {
      long free = -1;
      long cached = -1;
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        String[] f = line.split("\\s+");
        if (f[0].equals("MemFree:")) {
          free = Long.parseLong(f[1]);
        } else if (f[0].equals("Cached:")) {
          cached = Long.parseLong(f[1]);
        }
      }
      if (free < 0 || cached < 0) {
        return "n/a";
      }
      return String.format(
          java.util.Locale.ROOT,
          "%.1f GB free, %.1f GB page cache",
          free / 1048576.0,
          cached / 1048576.0);
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  /** Whether a virtio balloon device of this machine reports free pages to the host. */
  static boolean freePageReporting() {
    try (var devices = Files.list(Path.of("/sys/bus/virtio/drivers/virtio_balloon"))) {
      for (Path d : (Iterable<Path>) devices::iterator) {
        Path features = d.resolve("features");
        if (Files.isReadable(features) && reportsFreePages(Files.readString(features))) {
          return true;
        }
      }
    } catch (IOException | RuntimeException e) {
      return false;
    }
    return false;
  }

  /** Bit of VIRTIO_BALLOON_F_REPORTING in the virtio specification (5.5.3). */
  static final int BALLOON_F_REPORTING = 5;

  /**
   * Whether a virtio device's {@code features} file, one '0' or '1' per feature bit from bit 0 on,
   * has free page reporting.
   */
  static boolean reportsFreePages(String features) {
    String bits = features.trim();
    return bits.length() > BALLOON_F_REPORTING && bits.charAt(BALLOON_F_REPORTING) == '1';
  }

  /** utime + stime, in clock ticks, of a process's or thread's {@code stat} file. */
  private static long ticks(Path stat) throws IOException {
    String line = Files.readString(stat);
    // the command name (field 2) is in parentheses and may hold spaces: split after it
    String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 utime, 15 stime
  }

  static long clockTicksPerSecond() {
    return CLOCK_TICKS;
  }

  private static long clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor();
      return Long.parseLong(out);
    } catch (IOException | RuntimeException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
