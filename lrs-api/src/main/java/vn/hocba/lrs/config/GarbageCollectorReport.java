package vn.hocba.lrs.config;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Says at start which garbage collector runs the LRS. The LRS is meant to run on the parallel
 * collector (decision 24 in {@code docs/decisions.md}): with G1, the JVM's default on a server, the
 * same ingest cost about 1.6 times the CPU per statement. A JVM option cannot be set from inside
 * the jar, so when another collector runs, the log says how to start it.
 */
@Component
class GarbageCollectorReport {

  private static final Logger log = LoggerFactory.getLogger(GarbageCollectorReport.class);
  static final String RECOMMENDED_OPTION = "-XX:+UseParallelGC";

  /** The collectors this report tells apart. */
  enum Collector {
    PARALLEL("Parallel"),
    G1("G1"),
    SERIAL("Serial"),
    OTHER("another");

    final String label;

    Collector(String label) {
      this.label = label;
    }
  }

  /** Which collector the JVM runs, from the names of its collector beans. */
  static Collector collector(List<String> beanNames) {
    for (String n : beanNames) {
      if (n.startsWith("PS ")) { // PS Scavenge, PS MarkSweep
        return Collector.PARALLEL;
      }
      if (n.startsWith("G1 ")) {
        return Collector.G1;
      }
      if (n.equals("Copy") || n.equals("MarkSweepCompact")) {
        return Collector.SERIAL;
      }
    }
    return Collector.OTHER;
  }

  /** The line the log gets at start. */
  static String line(Collector c, List<String> beanNames, long maxHeapBytes, int processors) {
    String heap = maxHeapBytes == Long.MAX_VALUE ? "unbounded" : (maxHeapBytes >> 20) + " MB";
    String facts =
        "jvm: "
            + c.label
            + " garbage collector "
            + beanNames
            + ", max heap "
            + heap
            + ", "
            + processors
            + " processors";
    if (c == Collector.PARALLEL) {
      return facts;
    }
    return facts
        + "; Hocba is measured on the parallel collector, start java with "
        + RECOMMENDED_OPTION
        + " (docs/operations.md)";
  }

  @EventListener(ApplicationReadyEvent.class)
  void report() {
    List<String> names =
        ManagementFactory.getGarbageCollectorMXBeans().stream()
            .map(GarbageCollectorMXBean::getName)
            .toList();
    log.info(
        line(
            collector(names),
            names,
            Runtime.getRuntime().maxMemory(),
            Runtime.getRuntime().availableProcessors()));
  }
}
