package vn.hocba.lrs.xapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.annotation.AnnotatedMessageHandlingMember;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.timeout.HandlerTimeoutHandlerEnhancerDefinition;
import org.axonframework.springboot.TimeoutProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import vn.hocba.statementindex.StatementIndexProjector;
import vn.hocba.statements.StatementRecordedEvent;

/**
 * Event handlers run without Axon's per-call timed task, whose start takes a stack trace of the
 * thread for every event and read model; a processor batch still has its timeout.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class HandlerTimeoutsTest {

  @Autowired HandlerTimeoutHandlerEnhancerDefinition timeouts;
  @Autowired TimeoutProperties properties;

  @Test
  void eventHandlersAreNotWrappedAndBatchesKeepTheirTimeout() throws Exception {
    Method on = StatementIndexProjector.class.getDeclaredMethod("on", StatementRecordedEvent.class);
    MessageHandlingMember<StatementIndexProjector> handler =
        new AnnotatedMessageHandlingMember<>(
            on,
            EventMessage.class,
            StatementRecordedEvent.class,
            ClasspathParameterResolverFactory.forClass(StatementIndexProjector.class));

    assertThat(timeouts.wrapHandler(handler)).isSameAs(handler);
    assertThat(properties.getTransaction().getEventProcessors().getTimeoutMs()).isPositive();
  }
}
