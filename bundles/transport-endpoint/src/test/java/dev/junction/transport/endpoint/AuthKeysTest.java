package dev.junction.transport.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.junction.spi.config.ConfigValidator;

class AuthKeysTest {
    private static final String PID = "dev.junction.transport.websocket~t";

    private static ConfigValidator check(boolean verifies, boolean cookies, Object... keyValues) {
        Map<String, Object> properties = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put((String) keyValues[i], keyValues[i + 1]);
        }
        ConfigValidator v = new ConfigValidator(PID, properties);
        AuthKeys.check(v, verifies, cookies);
        return v;
    }

    @Test
    void everyMethodWithItsKnownKeysIsAccepted() {
        ConfigValidator v = check(true, true, "auth.anonymous.type", "static", "auth.anonymous.role", "guest",
                "auth.ticket.type", "dynamic", "auth.ticket.authenticator", "com.example.auth",
                "auth.ticket.authenticator-realm", "realm1", "auth.ticket.authenticator-timeout", "500",
                "auth.wampcra.type", "static", "auth.cryptosign.type", "static", "auth.cookie.type", "static",
                "auth.tls.type", "static", "auth.x_otp.type", "static", "auth.x_otp.digits", "6");
        assertThat(v.errors()).isEmpty();
        assertThat(check(false, false).errors()).isEmpty(); // no auth at all: anonymous
    }

    @Test
    void unknownMethodsKeysAndTypesAreRefusedWithPidKeyValueAndWhatIsAllowed() {
        String summary = check(true, true, "auth.tiket.type", "static", "auth.scram.type", "static",
                "auth.ticket.type", "function", "auth.wampcra.type", "dynamic", "auth.cryptosign.typ", "static",
                "auth.anonymous.type", "dynamic", "auth.cookie", "true",
                "auth.ticket.principals.joe.ticket", "x").summary();
        assertThat(summary).contains(PID)
                .contains("auth.tiket.type=static, allowed methods anonymous, ticket, wampcra, cryptosign, cookie, tls, or x_<name>")
                .contains("auth.scram.type", "not supported by Junction")
                .contains("auth.ticket.type=function", "use type=dynamic with a procedure")
                .contains("auth.wampcra.authenticator", "required with auth.wampcra.type=dynamic")
                .contains("auth.cryptosign.typ", "allowed keys of auth.cryptosign")
                .contains("auth.anonymous.type=dynamic, allowed static")
                .contains("auth.cookie=(not shown)", "auth.cookie.type=static")
                .contains("auth.ticket.principals.joe.ticket=(not shown)", "dev.junction.auth.principal");
        assertThat(summary).doesNotContain("=x"); // an unknown key may hold a secret: its value is not shown
    }

    @Test
    void tlsNeedsAnEndpointThatVerifiesClientCertificatesAndCookieNeedsTrackingAndAnotherMethod() {
        assertThat(check(false, false, "auth.tls.type", "static").summary())
                .contains("auth.tls.type=static", "endpoint.tls.ca_certificates");
        assertThat(check(true, false, "auth.tls.type", "static").errors()).isEmpty();
        assertThat(check(false, false, "auth.cookie.type", "static", "auth.ticket.type", "static").summary())
                .contains("auth.cookie.type=static", "cookie tracking");
        assertThat(check(false, true, "auth.cookie.type", "static").summary()).contains("at least one other method");
        assertThat(check(false, true, "auth.cookie.type", "static", "auth.ticket.type", "static").errors()).isEmpty();
    }
}
