package dev.junction.auth.anonymous.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.junction.spi.auth.AuthOutcome;
import dev.junction.spi.auth.AuthRequest;
import dev.junction.spi.transport.HandshakeRequest;

class AnonymousAuthenticatorTest {

    private static AuthRequest request(String authid, Map<String, Object> config) {
        HandshakeRequest transport = new HandshakeRequest("t1", "websocket", "127.0.0.1:1", false, "/ws", Map.of(),
                List.of(), null, Map.of());
        return new AuthRequest("realm1", 1, authid, null, Map.of(), Map.of(), transport, config);
    }

    @Test
    void admitsWithARandomSerialIgnoringTheRequestedAuthid() {
        AuthOutcome.Accept a = (AuthOutcome.Accept) new AnonymousAuthenticator()
                .hello(request("root", Map.of("type", "static"))).toCompletableFuture().join();
        assertThat(a.authid()).matches("[A-Z2-7]{4}(-[A-Z2-7]{4}){3}").isNotEqualTo("root");
        assertThat(a.authrole()).isEqualTo("anonymous");
        assertThat(a.authprovider()).isEqualTo("static");
    }

    @Test
    void configuredRoleAndRefusedType() {
        AuthOutcome.Accept a = (AuthOutcome.Accept) new AnonymousAuthenticator()
                .hello(request(null, Map.of("type", "static", "role", "guest"))).toCompletableFuture().join();
        assertThat(a.authrole()).isEqualTo("guest");
        AuthOutcome r = new AnonymousAuthenticator().hello(request(null, Map.of("type", "dynamic")))
                .toCompletableFuture().join();
        assertThat(r).isInstanceOf(AuthOutcome.Reject.class);
    }
}
