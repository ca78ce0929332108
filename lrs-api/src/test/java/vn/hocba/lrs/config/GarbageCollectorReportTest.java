package vn.hocba.lrs.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.hocba.lrs.config.GarbageCollectorReport.Collector;

class GarbageCollectorReportTest {

  @ParameterizedTest
  @CsvSource({
    "PS Scavenge, PS MarkSweep, PARALLEL",
    "G1 Young Generation, G1 Old Generation, G1",
    "Copy, MarkSweepCompact, SERIAL",
    "ZGC Cycles, ZGC Pauses, OTHER",
    "Shenandoah Cycles, Shenandoah Pauses, OTHER"
  })
  void tellsTheCollectorsApartByTheirBeans(String young, String old, Collector expected) {
    assertThat(GarbageCollectorReport.collector(List.of(young, old))).isEqualTo(expected);
  }

  @Test
  void theJvmRunningTheTestsIsRecognised() {
    List<String> names =
        ManagementFactory.getGarbageCollectorMXBeans().stream()
            .map(GarbageCollectorMXBean::getName)
            .toList();
    assertThat(GarbageCollectorReport.collector(names)).isNotEqualTo(Collector.OTHER);
  }

  @Test
  void recommendsTheParallelCollectorOnlyWhenAnotherRuns() {
    String parallel =
        GarbageCollectorReport.line(
            Collector.PARALLEL, List.of("PS Scavenge", "PS MarkSweep"), 1L << 30, 2);
    assertThat(parallel)
        .isEqualTo(
            "jvm: Parallel garbage collector [PS Scavenge, PS MarkSweep], max heap 1024 MB,"
                + " 2 processors");
    String g1 =
        GarbageCollectorReport.line(
            Collector.G1, List.of("G1 Young Generation"), Long.MAX_VALUE, 8);
    assertThat(g1)
        .startsWith("jvm: G1 garbage collector [G1 Young Generation], max heap unbounded")
        .contains("start java with -XX:+UseParallelGC");
  }
}
