package vn.hocba.lrs.store;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says what to do when the LRS cannot start because its store file cannot be read. */
final class StoreUnreadableFailureAnalyzer
    extends AbstractFailureAnalyzer<EmbeddedStore.StoreUnreadableException> {

  @Override
  protected FailureAnalysis analyze(Throwable root, EmbeddedStore.StoreUnreadableException cause) {
    return new FailureAnalysis(
        cause.getMessage().substring(0, 1).toUpperCase(java.util.Locale.ROOT)
            + cause.getMessage().substring(1)
            + ". The file is damaged (a disk fault, or a copy taken while an LRS was writing it),"
            + " or it was written by a newer build whose store format this one cannot read.",
        "Start the build that wrote it, or restore the data directory from a copy taken while"
            + " the LRS was stopped. To start afresh, move the data directory aside (keep it) and"
            + " start with an empty LRS_DATA_DIR; statements exported earlier can be imported"
            + " again (docs/migration.md).",
        cause);
  }
}
