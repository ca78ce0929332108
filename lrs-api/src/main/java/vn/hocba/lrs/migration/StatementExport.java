package vn.hocba.lrs.migration;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.bson.Document;
import vn.hocba.eventlog.MongoEventLog;
import vn.hocba.statementindex.StatementQueries;
import vn.hocba.statementindex.StatementQueries.IndexedStatement;
import vn.hocba.statementindex.StatementQuery;
import vn.hocba.statements.StatementRecordedEvent;

/**
 * Writes the stored statements a query selects, oldest first, in constant memory: it walks the
 * event log commit by commit (keyed look-ups on every MongoDB) and, for each page of statement ids,
 * looks their index documents up by id and keeps those the query's clauses match. Nothing is sorted
 * or scanned, so the cost is one pass over the log on the embedded store as on a real MongoDB, and
 * memory holds one page whatever the size of the result.
 */
final class StatementExport {

  /** Statement ids looked up in the index at once. */
  static final int PAGE = 500;

  private final MongoEventLog log;
  private final StatementQueries queries;

  StatementExport(MongoEventLog log, StatementQueries queries) {
    this.log = log;
    this.queries = queries;
  }

  /** Where the statements go, one JSON text at a time. */
  @FunctionalInterface
  interface Sink {
    void statement(String json) throws IOException;
  }

  /**
   * Writes every statement recorded at log positions up to {@code through} that the query matches,
   * in log order (stored order; ties in the order the LRS recorded them). The query's limit, page
   * key and order are not used.
   *
   * @param includeVoided voided statements too (a query never returns them)
   * @return how many statements were written
   * @throws IOException from the sink, e.g. when the client went away
   */
  long write(StatementQuery query, boolean includeVoided, long through, Sink sink)
      throws IOException {
    long sinceMillis = query.since().map(s -> s.toEpochMilli()).orElse(Long.MIN_VALUE);
    long untilMillis = query.until().map(u -> u.toEpochMilli()).orElse(Long.MAX_VALUE);
    String recorded = StatementRecordedEvent.class.getName();
    List<String> page = new ArrayList<>(PAGE);
    long written = 0;
    try (Stream<Document> commits = log.readCommits(0)) {
      Iterator<Document> it = commits.iterator();
      walk:
      while (it.hasNext()) {
        for (MongoEventLog.StoredEvent e : MongoEventLog.events(it.next())) {
          if (!recorded.equals(e.type())) {
            continue; // voidings, roster entries: not statements
          }
          StatementRecordedEvent r = (StatementRecordedEvent) log.payload(e);
          if (r.position() > through) {
            break walk;
          }
          long stored = r.stored().toEpochMilli();
          if (stored > untilMillis) {
            break walk; // stored never goes back along the log
          }
          if (stored <= sinceMillis) {
            continue;
          }
          page.add(r.statementId());
          if (page.size() == PAGE) {
            written += flush(page, query, includeVoided, sink);
          }
        }
      }
    }
    return written + flush(page, query, includeVoided, sink);
  }

  private long flush(List<String> ids, StatementQuery query, boolean includeVoided, Sink sink)
      throws IOException {
    long n = 0;
    for (IndexedStatement s : queries.matching(ids, query, includeVoided)) {
      sink.statement(s.json());
      n++;
    }
    ids.clear();
    return n;
  }
}
