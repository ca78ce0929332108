package vn.hocba.lrs.certificates;

import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import java.time.Duration;
import org.axonframework.config.EventProcessingConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.hocba.checkpoints.Checkpoints;
import vn.hocba.eventlog.StatementLedger;
import vn.hocba.lrs.audit.SigningKeys;
import vn.hocba.lrs.dashboard.Programmes;
import vn.hocba.progress.ProgressStore;

/** The certificate store, issuer, its schedule and the online verifier. */
@Configuration(proxyBeanMethods = false)
class CertificatesConfiguration {

  @Bean
  CertificateStore certificateStore(MongoDatabase db) {
    return new CertificateStore(db);
  }

  @Bean
  CertificateIssuer certificateIssuer(
      Programmes programmes,
      ProgressStore progress,
      StatementLedger ledger,
      Checkpoints checkpoints,
      SigningKeys keys,
      CertificateStore store,
      Clock clock) {
    return new CertificateIssuer(programmes, progress, ledger, checkpoints, keys, store, clock);
  }

  @Bean
  CertificateVerifier certificateVerifier(
      CertificateStore store,
      SigningKeys keys,
      StatementLedger ledger,
      ProgressStore progress,
      Programmes programmes,
      Clock clock) {
    return new CertificateVerifier(store, keys, ledger, progress, programmes, clock);
  }

  @Bean
  IssueSchedule certificateIssueSchedule(
      CertificateIssuer issuer,
      Checkpoints checkpoints,
      EventProcessingConfiguration processing,
      @Value("${lrs.certificates.interval:PT1M}") Duration interval) {
    return new IssueSchedule(issuer, checkpoints, processing, interval);
  }
}
