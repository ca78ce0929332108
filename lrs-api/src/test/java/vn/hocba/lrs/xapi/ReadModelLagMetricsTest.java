package vn.hocba.lrs.xapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * {@code lrs.processor.behind}: one gauge per read model, reading how far it is behind the log, in
 * place of Axon's per-event message monitors, which are turned off.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ReadModelLagMetricsTest {

  @LocalServerPort int port;
  @Autowired MeterRegistry registry;

  private double behind(String group) {
    Gauge g = registry.find("lrs.processor.behind").tag("group", group).gauge();
    assertThat(g).as(group).isNotNull();
    return g.value();
  }

  @Test
  void everyReadModelReportsHowFarBehindItIs() {
    XapiClient lrs = new XapiClient(port);
    for (int i = 0; i < 3; i++) {
      assertThat(
              lrs.post(Statements.completed(Statements.id(), Statements.mbox(), "http://x.vn/a"))
                  .statusCode())
          .isEqualTo(200);
    }
    for (String group : List.of("statement-index", "catalog", "progress", "checkpoints")) {
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(behind(group)).as(group).isEqualTo(0.0));
    }
    // Axon's per-event monitors are off: no meter is named after a processor
    assertThat(registry.getMeters())
        .extracting(m -> m.getId().getName())
        .noneMatch(n -> n.contains("statement-index") || n.contains("eventProcessor"));
    assertThat(registry.getMeters().stream().map(Meter::getId).map(Meter.Id::getName))
        .contains("lrs.processor.behind");
  }
}
