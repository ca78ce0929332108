package vn.hocba.lrs.config;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexModel;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import vn.hocba.attachments.AttachmentStore;
import vn.hocba.catalog.CatalogProjector;
import vn.hocba.catalog.CatalogQueries;
import vn.hocba.documents.DocumentStore;
import vn.hocba.eventlog.DurabilityBarrier;
import vn.hocba.eventlog.MongoEventLog;
import vn.hocba.eventlog.MongoTokenStore;
import vn.hocba.eventlog.SkippingEventSource;
import vn.hocba.eventlog.StatementLedger;
import vn.hocba.statementindex.IndexProgress;
import vn.hocba.statementindex.StatementIndexProjector;
import vn.hocba.statementindex.StatementQueries;
import vn.hocba.xapi.statements.StatementEquivalence;

/** The event log, its single writer, the token store, the read models and the documents. */
@Configuration(proxyBeanMethods = false)
public class LogConfiguration {

  private static final Logger log = LoggerFactory.getLogger(LogConfiguration.class);

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  DeclaredIndexes declaredIndexes(MongoDatabase db) {
    DeclaredIndexes declared =
        new DeclaredIndexes()
            .with("event_log", MongoEventLog.indexes())
            .with("statements", StatementQueries.indexes())
            .with(DocumentStore.DOCUMENTS, DocumentStore.indexes())
            .with(DocumentStore.CHANGES, DocumentStore.changeIndexes())
            .with(vn.hocba.progress.ProgressStore.PEOPLE, vn.hocba.progress.ProgressStore.indexes())
            .with(
                vn.hocba.lrs.certificates.CertificateStore.COLLECTION,
                vn.hocba.lrs.certificates.CertificateStore.indexes());
    declared.apply(db);
    return declared;
  }

  @Bean
  MongoEventLog eventStorageEngine(
      MongoDatabase db,
      @Qualifier("eventSerializer") Serializer serializer,
      DeclaredIndexes indexes) {
    return new MongoEventLog(db, serializer);
  }

  /**
   * What every tracking processor reads (application.yml, {@code source}): the event store, with
   * runs of events a processor handles none of passed over (decision 30).
   */
  @Bean
  SkippingEventSource processorEventSource(EventStore eventStore) {
    return new SkippingEventSource(eventStore);
  }

  @Bean
  TokenStore tokenStore(MongoDatabase db, Serializer serializer, Clock clock) {
    String owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
    return new MongoTokenStore(db, serializer, owner, clock, Duration.ofSeconds(10));
  }

  @Bean
  StatementLedger statementLedger(
      MongoDatabase db,
      EventStorageEngine engine,
      EventStore eventStore,
      Clock clock,
      DurabilityBarrier durability) {
    return new StatementLedger(
        db,
        (MongoEventLog) engine,
        eventStore,
        clock,
        () -> UUID.randomUUID().toString(),
        durability,
        StatementEquivalence::equivalent);
  }

  @Bean
  @Primary
  IndexProgress indexProgress(TokenStore tokens, EventStorageEngine engine) {
    return restored(new IndexProgress(StatementIndexProjector.GROUP), tokens, engine);
  }

  /**
   * The progress a read model had made when the LRS stopped, from its processor's tokens: written
   * after the read model's writes of their batch (decision 5), so the read model holds at least
   * that much. Without it, progress started at nothing after every restart and stayed there until
   * the next event: GET by id read the log instead of the statement index, and
   * X-Experience-API-Consistent-Through said 1969.
   */
  private static IndexProgress restored(
      IndexProgress progress, TokenStore tokens, EventStorageEngine engine) {
    if (tokens instanceof MongoTokenStore store && engine instanceof MongoEventLog log) {
      String group = progress.processingGroup().orElseThrow();
      store
          .appliedThrough(group)
          .ifPresent(p -> log.eventAt(p).ifPresent(e -> progress.advance(p, e.stored())));
    }
    return progress;
  }

  @Bean
  StatementIndexProjector statementIndexProjector(MongoDatabase db, IndexProgress progress) {
    return new StatementIndexProjector(db, progress);
  }

  @Bean
  IndexProgress catalogProgress(TokenStore tokens, EventStorageEngine engine) {
    return restored(new IndexProgress(CatalogProjector.GROUP), tokens, engine);
  }

  @Bean
  CatalogProjector catalogProjector(
      MongoDatabase db, @Qualifier("catalogProgress") IndexProgress progress) {
    return new CatalogProjector(db, progress);
  }

  @Bean
  CatalogQueries catalogQueries(MongoDatabase db) {
    return new CatalogQueries(db);
  }

  @Bean
  AttachmentStore attachmentStore(MongoDatabase db) {
    return new AttachmentStore(db);
  }

  @Bean
  DocumentStore documentStore(MongoDatabase db, Clock clock) {
    return new DocumentStore(db, clock);
  }

  @Bean
  StatementQueries statementQueries(MongoDatabase db) {
    return new StatementQueries(db);
  }

  /**
   * Every index the read models and the log declare, created at start and again after a rebuild
   * dropped a read model's collections.
   */
  public static final class DeclaredIndexes {
    private final java.util.Map<String, List<IndexModel>> byCollection =
        new java.util.LinkedHashMap<>();

    DeclaredIndexes with(String collection, List<IndexModel> indexes) {
      byCollection.put(collection, indexes);
      return this;
    }

    java.util.Map<String, List<IndexModel>> all() {
      return byCollection;
    }

    /** Creates every declared index that is missing; existing ones are left as they are. */
    public void apply(MongoDatabase db) {
      byCollection.forEach(
          (collection, indexes) -> {
            try {
              db.getCollection(collection).createIndexes(indexes);
            } catch (MongoCommandException e) {
              // mongo-java-server keeps only unique indexes; a real MongoDB creates them all
              log.debug(
                  "index on {} not created by this store: {}", collection, e.getErrorMessage());
            }
          });
    }
  }
}
