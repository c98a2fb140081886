package dev.junction.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.junction.api.message.Abort;
import dev.junction.api.message.Authenticate;
import dev.junction.api.message.Hello;
import dev.junction.api.message.Welcome;
import dev.junction.spi.auth.AuthOutcome;
import dev.junction.spi.auth.AuthRequest;
import dev.junction.spi.auth.Authenticator;

/** Log lines about a session carry its realm, session id, authid and transport id in the MDC, and only they do. */
class SessionMdcTest extends RouterTestSupport {
    private final Logger sessionLog = (Logger) LoggerFactory.getLogger(WampSession.class);
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private Level level;

    @BeforeEach
    void capture() {
        level = sessionLog.getLevel();
        sessionLog.setLevel(Level.DEBUG);
        captured.start();
        sessionLog.addAppender(captured);
    }

    @AfterEach
    void release() {
        sessionLog.detachAppender(captured);
        sessionLog.setLevel(level);
    }

    private ILoggingEvent line(String startsWith) {
        return captured.list.stream().filter(e -> e.getMessage().startsWith(startsWith)).findFirst().orElseThrow(
                () -> new AssertionError("no line '" + startsWith + "...' in " + captured.list));
    }

    @Test
    void aJoinedSessionsLineNamesRealmSessionAuthidAndTransport() {
        TestClient client = new TestClient(router, json);
        Welcome welcome = client.join("realm1");
        Map<String, String> mdc = line("Session {} joined realm").getMDCPropertyMap();
        assertThat(mdc).containsEntry(SessionMdc.REALM, "realm1")
                .containsEntry(SessionMdc.SESSION, String.valueOf(welcome.session()))
                .containsEntry(SessionMdc.AUTHID, (String) welcome.details().get("authid"))
                .containsEntry(SessionMdc.TRANSPORT, "test");
        assertThat(MDC.getCopyOfContextMap()).as("the MDC is cleared after the line").isNullOrEmpty();
    }

    @Test
    void aSessionNotJoinedYetIsNamedByItsTransportAndReservedId() {
        Authenticator failing = new Authenticator() {
            @Override
            public String method() {
                return "ticket";
            }

            @Override
            public CompletionStage<AuthOutcome> hello(AuthRequest request) {
                return CompletableFuture.failedFuture(new IllegalStateException("the store is down"));
            }

            @Override
            public CompletionStage<AuthOutcome> authenticate(AuthRequest request, Object state, Authenticate m) {
                return hello(request);
            }
        };
        router.addAuthenticator("ticket", failing);
        TestClient client = new TestClient(router, json, Map.of("ticket.type", "static"));
        client.deliver(new Hello("realm1", Map.of("authmethods", List.of("ticket"), "authid", "alice",
                "roles", Map.of("caller", Map.of()))));
        client.expect(Abort.class);
        Map<String, String> mdc = line("Session {}: authentication method {} failed").getMDCPropertyMap();
        assertThat(mdc).containsEntry(SessionMdc.TRANSPORT, "test").containsKey(SessionMdc.SESSION)
                .doesNotContainKeys(SessionMdc.REALM, SessionMdc.AUTHID);
        // control: the router's own lines about no session carry none of it
        assertThat(captured.list).filteredOn(e -> !e.getLoggerName().equals(WampSession.class.getName())).isEmpty();
    }
}
