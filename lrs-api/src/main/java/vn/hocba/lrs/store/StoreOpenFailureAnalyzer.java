package vn.hocba.lrs.store;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Says what is wrong and what to do when the LRS cannot start because its store file cannot be
 * opened (in use elsewhere, unreadable), instead of a page of nested bean creation errors ending in
 * H2's own message.
 */
final class StoreOpenFailureAnalyzer
    extends AbstractFailureAnalyzer<EmbeddedStore.StoreOpenException> {

  @Override
  protected FailureAnalysis analyze(Throwable root, EmbeddedStore.StoreOpenException cause) {
    return new FailureAnalysis(cause.description(), cause.action(), cause);
  }
}
