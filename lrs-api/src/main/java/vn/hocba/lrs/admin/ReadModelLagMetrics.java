package vn.hocba.lrs.admin;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.OptionalLong;
import org.springframework.stereotype.Component;
import vn.hocba.catalog.CatalogProjector;
import vn.hocba.checkpoints.CheckpointProjector;
import vn.hocba.progress.ProgressProjector;
import vn.hocba.statementindex.StatementIndexProjector;

/**
 * {@code lrs.processor.behind}, tagged {@code group}: how many events of the log each read model
 * has still to apply, computed when the metric is read. Axon's own message monitors are turned off
 * ({@code axon.metrics.auto-configuration.enabled: false}): they built and looked up timers and
 * counters for every event in every processor, and every event published, about 6 % of the LRS's
 * CPU under ingest; what an operator needs from them, whether the read models keep up, is this
 * gauge.
 */
@Component
class ReadModelLagMetrics implements MeterBinder {

  static final String NAME = "lrs.processor.behind";

  private static final List<String> GROUPS =
      List.of(
          StatementIndexProjector.GROUP,
          CatalogProjector.GROUP,
          ProgressProjector.GROUP,
          CheckpointProjector.GROUP);

  private final Rebuilds rebuilds;

  ReadModelLagMetrics(Rebuilds rebuilds) {
    this.rebuilds = rebuilds;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (String group : GROUPS) {
      Gauge.builder(
              NAME,
              rebuilds,
              r -> {
                OptionalLong behind = r.behind(group);
                return behind.isPresent() ? behind.getAsLong() : Double.NaN;
              })
          .tag("group", group)
          .baseUnit("events")
          .description("events of the log the read model has still to apply (NaN: not running)")
          .register(registry);
    }
  }
}
