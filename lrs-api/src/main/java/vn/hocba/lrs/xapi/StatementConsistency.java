package vn.hocba.lrs.xapi;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.stereotype.Component;
import vn.hocba.eventlog.MongoEventLog;
import vn.hocba.eventlog.StatementLedger;
import vn.hocba.statementindex.IndexProgress;

/**
 * Communication 2.1.3.s2.b5: the instant through which every stored statement is readable. When the
 * index has applied the whole log, that is now (or just before a commit under way); otherwise just
 * before the stored time of the last statement it applied.
 */
@Component
class StatementConsistency {

  static final String HEADER = "X-Experience-API-Consistent-Through";
  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private final StatementLedger ledger;
  private final MongoEventLog eventLog;
  private final IndexProgress progress;
  private final Clock clock;

  StatementConsistency(
      StatementLedger ledger, MongoEventLog eventLog, IndexProgress progress, Clock clock) {
    this.ledger = ledger;
    this.eventLog = eventLog;
    this.progress = progress;
    this.clock = clock;
  }

  Instant through() {
    if (progress.position() >= eventLog.nextPosition() - 1) {
      Instant inFlight = ledger.inFlightStored();
      return inFlight != null ? inFlight.minusMillis(1) : clock.instant();
    }
    return progress.stored().minusMillis(1);
  }

  String header() {
    return RFC3339.format(through());
  }
}
