package vn.hocba.lrs.xapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.test.context.ActiveProfiles;
import vn.hocba.eventlog.SkippingEventSource;
import vn.hocba.progress.IdleProgressProjector;
import vn.hocba.progress.ProgressProjector;

/**
 * With no programme configured, the {@code progress} group is {@link IdleProgressProjector}: it
 * handles no statement, yet the group exists, follows the log and can be rebuilt (decision 21).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class IdleProgressTest {

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired EventProcessingConfiguration processing;
  @Autowired MeterRegistry registry;
  @Autowired Environment environment;

  private double behind() {
    return registry.find("lrs.processor.behind").tag("group", "progress").gauge().value();
  }

  @Test
  void followsTheLogWithoutHandlingStatementsAndRebuilds() {
    XapiClient lrs = new XapiClient(port);
    assertThat(context.getBeansOfType(ProgressProjector.class)).isEmpty();
    assertThat(context.getBeansOfType(IdleProgressProjector.class)).hasSize(1);
    StreamingEventProcessor progress =
        processing
            .eventProcessor(ProgressProjector.GROUP, StreamingEventProcessor.class)
            .orElseThrow();
    assertThat(progress.supportsReset()).isTrue();

    String mbox = Statements.mbox();
    assertThat(
            lrs.post(Statements.completed(Statements.id(), mbox, "http://example.org/a"))
                .statusCode())
        .isEqualTo(200);
    await().atMost(Duration.ofSeconds(20)).until(() -> behind() == 0.0);

    assertThat(lrs.send("POST", "/admin/rebuilds/progress", null, null).statusCode())
        .isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                lrs.send("GET", "/admin/rebuilds/progress", null, null)
                    .body()
                    .contains("caught-up"));
    assertThat(
            lrs.post(Statements.completed(Statements.id(), mbox, "http://example.org/b"))
                .statusCode())
        .isEqualTo(200);
    await().atMost(Duration.ofSeconds(20)).until(() -> behind() == 0.0);
  }

  /**
   * Every processor reads the log through the source that passes over runs of events it handles
   * none of (decision 30), including a processing group added later without it in application.yml.
   */
  @Test
  void everyProcessorReadsTheSkippingSource() {
    assertThat(context.getBean("processorEventSource")).isInstanceOf(SkippingEventSource.class);
    assertThat(processing.eventProcessors()).isNotEmpty();
    for (String name : processing.eventProcessors().keySet()) {
      assertThat(environment.getProperty("axon.eventhandling.processors." + name + ".source"))
          .as(name)
          .isEqualTo("processorEventSource");
    }
  }
}
