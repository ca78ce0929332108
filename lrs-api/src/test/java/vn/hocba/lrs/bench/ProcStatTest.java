package vn.hocba.lrs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the benchmark reads of the machine besides CPU. */
class ProcStatTest {

  @Test
  @DisplayName("free page reporting is feature bit 5 of a virtio balloon's features string")
  void freePageReportingBit() {
    // this machine's balloon: stats queue (1), deflate on OOM (2), free page reporting (5), v1 (32)
    assertThat(ProcStat.reportsFreePages("0110010000000000000000000000000010000000\n")).isTrue();
    assertThat(ProcStat.reportsFreePages("0110000000000000000000000000000010000000\n")).isFalse();
    assertThat(ProcStat.reportsFreePages("01100")).isFalse();
    assertThat(ProcStat.reportsFreePages("")).isFalse();
  }

  @Test
  @DisplayName("memory reads free memory and page cache from /proc/meminfo")
  void memory() {
    assertThat(ProcStat.memory()).matches("\\d+\\.\\d GB free, \\d+\\.\\d GB page cache");
  }
}
