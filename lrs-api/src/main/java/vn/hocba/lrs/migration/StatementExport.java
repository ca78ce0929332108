package vn.hocba.lrs.migration;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import vn.hocba.statementindex.StatementQueries;
import vn.hocba.statementindex.StatementQueries.PositionedStatement;
import vn.hocba.statementindex.StatementQueries.Positions;
import vn.hocba.statementindex.StatementQuery;

/**
 * Writes the stored statements a query selects, oldest first, in constant memory: it walks the log
 * positions in pages and reads the statement index documents of each page by their unique log
 * position (a keyed look-up on every MongoDB, the embedded store included), keeping those the
 * query's clauses match. Nothing is scanned or sorted by the store, so the cost is one pass over
 * the log, and memory holds one page, sized to about {@link #PAGE_BYTES} of statements, whatever
 * the size of the result.
 */
final class StatementExport {

  static final int MAX_PAGE = 1000;
  static final int MIN_PAGE = 16;

  /** The statement text a page should hold; pages shrink when statements are large. */
  static final long PAGE_BYTES = 8L * 1024 * 1024;

  private final StatementQueries queries;

  StatementExport(StatementQueries queries) {
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
    long written = 0;
    int page = MAX_PAGE;
    long from = query.since().map(s -> firstPositionAfter(s, through)).orElse(0L);
    while (from <= through) {
      int count = (int) Math.min(page, through - from + 1);
      Positions found = queries.atPositions(from, count, query, includeVoided);
      long bytes = 0;
      for (PositionedStatement s : found.matches()) {
        sink.statement(s.statement().json());
        bytes += s.statement().json().length();
        written++;
      }
      if (query.until().isPresent()
          && found.lastStored().isPresent()
          && found.lastStored().get().toEpochMilli() > query.until().get().toEpochMilli()) {
        break; // stored never goes back along the log: nothing further is before until
      }
      from += count;
      if (!found.matches().isEmpty()) {
        long average = Math.max(1, bytes / found.matches().size());
        page = (int) Math.max(MIN_PAGE, Math.min(MAX_PAGE, PAGE_BYTES / average));
      }
    }
    return written;
  }

  /**
   * A log position before which every statement was stored at or before {@code since}, found by
   * bisecting the log (stored never goes back along it) with a few small keyed reads. Starting
   * earlier than needed is harmless, as the since clause still applies to every statement.
   */
  long firstPositionAfter(Instant since, long through) {
    long sinceMillis = since.toEpochMilli();
    StatementQuery any =
        new StatementQuery(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            false,
            false,
            Optional.empty(),
            Optional.empty(),
            MIN_PAGE,
            true,
            Optional.empty());
    long lo = 0;
    long hi = through + 1;
    while (lo < hi) {
      long mid = lo + (hi - lo) / 2;
      Positions probe = queries.atPositions(mid, MIN_PAGE, any, true);
      Optional<PositionedStatement> first = probe.matches().stream().findFirst();
      if (first.isPresent() && probe.firstStored().get().toEpochMilli() <= sinceMillis) {
        lo = first.get().position() + 1; // it and everything before it: at or before since
      } else {
        hi = mid; // the first statement after since is at mid or before (or not near: harmless)
      }
    }
    return lo;
  }
}
