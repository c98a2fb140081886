package dev.junction.itests;

import static dev.junction.itests.WampTestClient.ABORT;
import static dev.junction.itests.WampTestClient.AUTHENTICATE;
import static dev.junction.itests.WampTestClient.CHALLENGE;
import static dev.junction.itests.WampTestClient.HELLO;
import static dev.junction.itests.WampTestClient.WELCOME;
import static dev.junction.itests.WampTestClient.assertMessage;
import static dev.junction.itests.WampTestClient.id;
import static dev.junction.itests.WampTestClient.opt;
import static dev.junction.itests.WampTestClient.type;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * Issue 5: the real method bundles auth-ticket and auth-wampcra with static principals from ConfigurationAdmin.
 * Stopping the ticket bundle at runtime makes ticket unavailable to new HELLOs (ABORT
 * {@code wamp.error.no_matching_auth_method}) while sessions that joined by ticket, and wampcra, keep working;
 * starting it again brings ticket back.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AuthBundleIT extends AbstractRouterIT {
    private static final String TICKET_BSN = "dev.junction.auth.ticket";
    private static final String PRINCIPAL_PID = "dev.junction.auth.principal";
    private static final String TOPIC = "com.example.auth_bundle_topic";

    private int port;

    @Override
    protected Option[] additionalOptions() {
        return new Option[] { junctionBundle("junction-auth-principals"), junctionBundle("junction-auth-ticket"),
                junctionBundle("junction-auth-wampcra") };
    }

    @Before
    public void realmPrincipalsAndAuthTransport() {
        createRealm(REALM);
        createFactoryConfiguration(PRINCIPAL_PID, uniqueName("alice"),
                Map.of("authid", "alice", "realm", REALM, "role", "user", "ticket", "alice-ticket"));
        createFactoryConfiguration(PRINCIPAL_PID, uniqueName("carol"),
                Map.of("authid", "carol", "realm", REALM, "role", "user", "secret", "carol-secret"));
        port = freePort();
        Map<String, Object> properties = transportProperties(port);
        properties.put("auth.ticket.type", "static");
        properties.put("auth.wampcra.type", "static");
        createFactoryConfiguration(TRANSPORT_PID, uniqueName("auth"), properties);
        waitForPortOpen(port);
    }

    @After
    public void restartTicket() {
        ensureStarted(TICKET_BSN);
    }

    @Test
    public void stoppingTheTicketBundleRemovesOnlyTicketForNewSessions() throws Exception {
        // The principal configurations arrive asynchronously: poll until alice's ticket works.
        WampTestClient alice = waitFor("alice joins by ticket", TIMEOUT, () -> {
            WampTestClient c = awaitHandshake("alice", port, WampCodec.JSON);
            List<Object> answer = ticketJoin(c, "alice", "alice-ticket");
            return type(answer) == WELCOME ? c : null;
        }, this::componentReport);
        WampTestClient carol = connect("carol", port, WampCodec.MSGPACK);
        assertMessage("wampcra join of carol", wampcraJoin(carol, "carol", "carol-secret"), WELCOME);
        long sub = carol.subscribe(TOPIC);

        // Negative controls while ticket is there: wrong ticket and unknown authid.
        List<Object> wrong = ticketJoin(connect("wrong", port, WampCodec.JSON), "alice", "nope");
        assertMessage("wrong ticket", wrong, ABORT);
        assertEquals("wamp.error.authentication_failed", wrong.get(2));
        List<Object> unknown = hello(connect("unknown", port, WampCodec.JSON), "ticket", "mallory");
        assertMessage("unknown authid", unknown, ABORT);
        assertEquals("wamp.error.no_such_principal", unknown.get(2));

        Bundle ticket = installedBundle(TICKET_BSN);
        stopBundle(ticket);
        exchange.note("test", "stopped " + TICKET_BSN);

        List<Object> refused = hello(connect("late", port, WampCodec.JSON), "ticket", "alice");
        assertMessage("HELLO [ticket] with the ticket bundle stopped", refused, ABORT);
        assertEquals("ABORT reason: " + WampCodec.show(refused), "wamp.error.no_matching_auth_method",
                refused.get(2));
        // wampcra is untouched, and so are the sessions that joined.
        assertMessage("wampcra join with ticket stopped",
                wampcraJoin(connect("carol2", port, WampCodec.JSON), "carol", "carol-secret"), WELCOME);
        assertFalse("alice stays connected: " + alice.transcript(), alice.isClosed());
        long publication = alice.publishAcknowledged(TOPIC, Map.of(), List.of("still here"), null);
        List<Object> event = carol.awaitEvent(sub);
        assertEquals(publication, id(event, 2));
        assertEquals(List.of("still here"), opt(event, 4, null));

        startBundle(ticket);
        exchange.note("test", "started " + TICKET_BSN + " again");
        WampTestClient back = waitFor("ticket works again", TIMEOUT, () -> {
            WampTestClient c = connect("back", port, WampCodec.JSON);
            return type(ticketJoin(c, "alice", "alice-ticket")) == WELCOME ? c : null;
        }, this::componentReport);
        assertFalse(back.isClosed());
    }

    /** HELLO offering only {@code method} as {@code authid}; returns CHALLENGE, WELCOME or ABORT. */
    private static List<Object> hello(WampTestClient c, String method, String authid) {
        Map<String, Object> details = new LinkedHashMap<>(WampTestClient.ROLES);
        details.put("authmethods", List.of(method));
        details.put("authid", authid);
        c.send(HELLO, REALM, details);
        return c.await("CHALLENGE, WELCOME or ABORT",
                m -> type(m) == CHALLENGE || type(m) == WELCOME || type(m) == ABORT);
    }

    private static List<Object> authenticate(WampTestClient c, String signature) {
        c.send(AUTHENTICATE, signature, Map.of());
        return c.await("WELCOME or ABORT", m -> type(m) == WELCOME || type(m) == ABORT);
    }

    private static List<Object> ticketJoin(WampTestClient c, String authid, String ticket) {
        List<Object> challenge = hello(c, "ticket", authid);
        return type(challenge) == CHALLENGE ? authenticate(c, ticket) : challenge;
    }

    private static List<Object> wampcraJoin(WampTestClient c, String authid, String secret) throws Exception {
        List<Object> challenge = hello(c, "wampcra", authid);
        if (type(challenge) != CHALLENGE) {
            return challenge;
        }
        String text = (String) WampTestClient.dict(challenge, 2).get("challenge");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return authenticate(c, Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8))));
    }
}
