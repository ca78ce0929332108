package vn.hocba.lrs.dashboard;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import vn.hocba.eventlog.MongoTokenStore;
import vn.hocba.eventlog.StatementLedger;
import vn.hocba.programme.PersonKeys;
import vn.hocba.progress.IdleProgressProjector;
import vn.hocba.progress.PersonSequencing;
import vn.hocba.progress.ProgressProjector;
import vn.hocba.progress.ProgressStore;
import vn.hocba.xapi.json.StrictJson;

/**
 * Programmes from {@code lrs.programmes} and the progress projection. When the programme files
 * changed since the read model was built, the projection starts again from event zero.
 */
@Configuration(proxyBeanMethods = false)
class ProgrammeConfiguration {

  private static final Logger log = LoggerFactory.getLogger(ProgrammeConfiguration.class);

  @Bean
  Programmes programmes(@Value("${lrs.programmes:}") String files) {
    Programmes p = Programmes.load(files);
    p.all()
        .forEach(
            i ->
                log.info(
                    "programme {}: {} topics, {} groups, {} localities",
                    i.programme().id(),
                    i.programme().topics().size(),
                    i.programme().groups().size(),
                    i.programme().localities().size()));
    return p;
  }

  @Bean
  ProgressStore progressStore(com.mongodb.client.MongoDatabase db) {
    return new ProgressStore(db);
  }

  /** The learner of a stored statement, read from the write side; voidings need it. */
  @Bean
  PersonOfStatement personOfStatement(ObjectProvider<StatementLedger> ledger) {
    return new PersonOfStatement(ledger);
  }

  @Bean
  @Conditional(AnyProgramme.class)
  ProgressProjector progressProjector(
      ProgressStore store,
      Programmes programmes,
      PersonOfStatement personOfStatement,
      TokenStore tokenStore) {
    rebuildIfChanged(store, programmes, tokenStore);
    return new ProgressProjector(store, programmes.all(), personOfStatement);
  }

  /** Without a programme the group only follows the log (IdleProgressProjector). */
  @Bean
  @Conditional(NoProgramme.class)
  IdleProgressProjector idleProgressProjector(
      ProgressStore store, Programmes programmes, TokenStore tokenStore) {
    rebuildIfChanged(store, programmes, tokenStore);
    return new IdleProgressProjector(store);
  }

  private static void rebuildIfChanged(
      ProgressStore store, Programmes programmes, TokenStore tokenStore) {
    if (!store.builtFor(programmes.all())) {
      log.info("programme files changed: the progress read model is rebuilt from event zero");
      ((MongoTokenStore) tokenStore).deleteTokens(ProgressProjector.GROUP);
      store.drop();
      store.markBuiltFor(programmes.all());
    }
  }

  /** {@code lrs.programmes} names at least one file; each file is one programme. */
  static final class AnyProgramme implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return !context.getEnvironment().getProperty("lrs.programmes", "").isBlank();
    }
  }

  static final class NoProgramme implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return !new AnyProgramme().matches(context, metadata);
    }
  }

  @Bean
  ConfigurerModule progressSequencing(PersonOfStatement personOfStatement, Programmes programmes) {
    return configurer ->
        configurer
            .eventProcessing()
            .registerSequencingPolicy(
                ProgressProjector.GROUP,
                c -> new PersonSequencing(personOfStatement, !programmes.all().isEmpty()));
  }

  /** Looks statements up on the write side, remembering recent answers. */
  static final class PersonOfStatement implements Function<String, Optional<String>> {
    // resolved on first use: the sequencing policy is configured before the ledger can exist
    private final ObjectProvider<StatementLedger> ledger;
    private final Map<String, Optional<String>> recent =
        Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
              @Override
              protected boolean removeEldestEntry(Map.Entry<String, Optional<String>> e) {
                return size() > 10_000;
              }
            });

    PersonOfStatement(ObjectProvider<StatementLedger> ledger) {
      this.ledger = ledger;
    }

    @Override
    public Optional<String> apply(String statementId) {
      Optional<String> cached = recent.get(statementId);
      if (cached != null) {
        return cached;
      }
      Optional<String> person =
          ledger
              .getObject()
              .lookup(statementId)
              .flatMap(s -> PersonKeys.ofActor(StrictJson.parse(s.json()).get("actor")));
      recent.put(statementId, person);
      return person;
    }
  }
}
