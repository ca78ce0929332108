package vn.hocba.lrs.audit;

import com.mongodb.client.MongoDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.hocba.checkpoints.CheckpointProjector;
import vn.hocba.checkpoints.Checkpointer;
import vn.hocba.checkpoints.Checkpoints;
import vn.hocba.eventlog.ChainVerifier;
import vn.hocba.eventlog.MongoEventLog;
import vn.hocba.eventlog.StatementLedger;
import vn.hocba.statementindex.IndexProgress;

/** The signing keys, the checkpoint writer, its read model and schedule, and the verifier. */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

  @Bean
  SigningKeys signingKeys(
      @Value("${lrs.signing.key-file:}") String keyFile,
      @Value("${lrs.signing.retired-keys:}") String retired,
      @Value("${lrs.data-dir:./data}") String dataDir,
      @Value("${lrs.mongodb.uri:}") String uri)
      throws IOException {
    return SigningKeys.forServer(keyFile, retired, Path.of(dataDir), !uri.isBlank());
  }

  @Bean
  Checkpoints checkpoints(MongoDatabase db) {
    return new Checkpoints(db);
  }

  @Bean
  IndexProgress checkpointProgress() {
    return new IndexProgress();
  }

  @Bean
  CheckpointProjector checkpointProjector(
      MongoDatabase db, @Qualifier("checkpointProgress") IndexProgress progress) {
    return new CheckpointProjector(db, progress);
  }

  @Bean
  Checkpointer checkpointer(
      StatementLedger ledger,
      SigningKeys keys,
      Checkpoints checkpoints,
      @Qualifier("checkpointProgress") IndexProgress progress) {
    SigningKeys.Key current = keys.current().orElseThrow();
    return new Checkpointer(
        ledger, keys.privateKey(), current.keyId(), checkpoints, progress, Duration.ofSeconds(10));
  }

  @Bean
  ChainVerifier chainVerifier(MongoEventLog log, SigningKeys keys) {
    return new ChainVerifier(log, keys::publicKey);
  }

  @Bean
  CheckpointSchedule checkpointSchedule(
      Checkpointer checkpointer, @Value("${lrs.checkpoints.interval:PT10M}") Duration interval) {
    return new CheckpointSchedule(checkpointer, interval);
  }
}
