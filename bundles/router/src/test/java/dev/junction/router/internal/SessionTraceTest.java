package dev.junction.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.junction.api.message.Call;
import dev.junction.api.message.Event;
import dev.junction.api.message.Invocation;
import dev.junction.api.message.Payload;
import dev.junction.api.message.Publish;
import dev.junction.api.message.Register;
import dev.junction.api.message.Registered;
import dev.junction.api.message.Result;
import dev.junction.api.message.Subscribe;
import dev.junction.api.message.Subscribed;
import dev.junction.api.message.Yield;

/** Tracing one session on and off at run time: its messages, and only its, with payloads only when asked. */
class SessionTraceTest extends RouterTestSupport {
    private final Logger traceLog = (Logger) LoggerFactory.getLogger(SessionTrace.LOGGER);
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();

    @BeforeEach
    void capture() {
        captured.start();
        traceLog.addAppender(captured);
    }

    @AfterEach
    void release() {
        traceLog.detachAppender(captured);
    }

    private List<String> lines() {
        return captured.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void tracesOneSessionsMessagesUntilSwitchedOff() {
        TestClient callee = joined();
        TestClient caller = joined();
        callee.deliver(new Register(callee.nextRequest(), Map.of(), "com.example.add"));
        callee.expect(Registered.class);
        long callerId = router.sessionIdOf(caller.handle);
        AdminView admin = new AdminView(router);

        assertThat(admin.trace(callerId, true, false)).isTrue();
        caller.deliver(new Call(caller.nextRequest(), Map.of(), "com.example.add", Payload.of("secret-ish", 2)));
        Invocation inv = callee.expect(Invocation.class);
        callee.deliver(new Yield(inv.request(), Map.of(), Payload.of(3)));
        caller.expect(Result.class);

        assertThat(lines()).hasSize(2);
        assertThat(lines().get(0)).startsWith("in CALL request=1 uri=com.example.add ").endsWith(" bytes")
                .doesNotContain("secret-ish");
        assertThat(lines().get(1)).startsWith("out RESULT request=1 ");
        assertThat(captured.list.get(0).getMDCPropertyMap())
                .containsEntry(SessionMdc.SESSION, String.valueOf(callerId));

        captured.list.clear();
        admin.trace(callerId, true, true);
        caller.deliver(new Subscribe(caller.nextRequest(), Map.of(), "com.example.topic"));
        caller.expect(Subscribed.class);
        callee.deliver(new Publish(callee.nextRequest(), Map.of(), "com.example.topic", Payload.of("hello")));
        caller.expect(Event.class);
        assertThat(lines()).hasSize(3);
        assertThat(lines().get(0)).startsWith("in SUBSCRIBE request=2 uri=com.example.topic ").doesNotContain("args=");
        assertThat(lines().get(1)).startsWith("out SUBSCRIBED request=2 subscription=");
        assertThat(lines().get(2)).startsWith("out EVENT (fan-out) ");

        captured.list.clear();
        admin.trace(callerId, false, false);
        caller.deliver(new Call(caller.nextRequest(), Map.of(), "com.example.add", Payload.of(1)));
        inv = callee.expect(Invocation.class);
        callee.deliver(new Yield(inv.request(), Map.of(), Payload.of("with payload")));
        caller.expect(Result.class);
        assertThat(lines()).as("off again").isEmpty();

        // control: payloads are written when asked
        admin.trace(router.sessionIdOf(callee.handle), true, true);
        caller.deliver(new Call(caller.nextRequest(), Map.of(), "com.example.add", Payload.of("visible")));
        inv = callee.expect(Invocation.class);
        assertThat(lines()).singleElement().asString().startsWith("out INVOCATION request=")
                .contains("args=[visible]");
        assertThat(admin.trace(424242L, true, false)).as("no such session").isFalse();
    }

    @Test
    void aTransportsDebugOptionTracesItsConnectionsFromTheFirstMessage() {
        TestClient plain = new TestClient(router, json);
        plain.join("realm1");
        assertThat(lines()).as("control: no debug, no trace").isEmpty();
        TestClient debugging = new TestClient(router, json, Map.of(), true);
        debugging.join("realm1");
        assertThat(lines()).hasSize(2);
        assertThat(lines().get(0)).startsWith("in HELLO realm=realm1 ");
        assertThat(lines().get(1)).startsWith("out WELCOME session=" + router.sessionIdOf(debugging.handle) + " ");
    }
}
