package vn.hocba.lrs.store;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Says what to do when the LRS cannot start because its store file is open elsewhere, instead of a
 * page of nested bean creation errors ending in H2's "The file is locked".
 */
final class StoreInUseFailureAnalyzer
    extends AbstractFailureAnalyzer<EmbeddedStore.StoreInUseException> {

  @Override
  protected FailureAnalysis analyze(Throwable root, EmbeddedStore.StoreInUseException cause) {
    return new FailureAnalysis(
        "The embedded store "
            + cause.file()
            + " is in use by another process: an LRS, or a command of java -jar lrs.jar, started"
            + " with the same LRS_DATA_DIR holds its lock.",
        "Stop the other process and start again, or give this LRS another LRS_DATA_DIR.",
        cause);
  }
}
