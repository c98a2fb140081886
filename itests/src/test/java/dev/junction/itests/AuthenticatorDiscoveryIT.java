package dev.junction.itests;

import static dev.junction.itests.WampTestClient.ABORT;
import static dev.junction.itests.WampTestClient.AUTHENTICATE;
import static dev.junction.itests.WampTestClient.CHALLENGE;
import static dev.junction.itests.WampTestClient.HELLO;
import static dev.junction.itests.WampTestClient.RESULT;
import static dev.junction.itests.WampTestClient.WELCOME;
import static dev.junction.itests.WampTestClient.assertMessage;
import static dev.junction.itests.WampTestClient.id;
import static dev.junction.itests.WampTestClient.opt;
import static dev.junction.itests.WampTestClient.type;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;

/**
 * Issue 3 item 3: the router discovers {@code Authenticator} services at runtime. A test method {@code x_testauth}
 * (see {@link TestAuthenticator}) is registered from the test on a transport with {@code auth.x_testauth.type=static}:
 * HELLO gets CHALLENGE, the right AUTHENTICATE gets WELCOME, a wrong one ABORT; once the service is unregistered a
 * HELLO offering only {@code x_testauth} gets ABORT {@code wamp.error.no_matching_auth_method}, while the session that
 * already joined keeps working.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AuthenticatorDiscoveryIT extends AbstractRouterIT {
    private static final String PROC = "com.example.whoami";
    private static final String TOPIC = "com.example.auth_topic";

    private int port;
    private ServiceRegistration<?> registration;

    @Before
    public void realmAndAuthTransport() {
        createRealm(REALM);
        port = freePort();
        Map<String, Object> properties = transportProperties(port);
        properties.put("auth.x_testauth.type", "static");
        createFactoryConfiguration(TRANSPORT_PID, uniqueName("auth"), properties);
        waitForPortOpen(port);
    }

    @After
    public void unregister() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyUnregistered) {
                // unregistered by the test
            }
            registration = null;
        }
    }

    @Test
    public void aRegisteredAuthenticatorIsUsedAndItsRemovalOnlyAffectsNewSessions() {
        registration = TestAuthenticator.register(bundleContext);
        exchange.note("test", "registered Authenticator " + TestAuthenticator.METHOD);

        // HELLO -> CHALLENGE -> AUTHENTICATE letmein -> WELCOME as alice.
        WampTestClient alice = awaitHandshake("alice", port, WampCodec.JSON);
        List<Object> challenge = helloTestauth(alice);
        // [CHALLENGE, AuthMethod|string, Extra|dict]
        assertMessage("answer to HELLO authmethods [x_testauth]", challenge, CHALLENGE);
        assertEquals("CHALLENGE method", TestAuthenticator.METHOD, challenge.get(1));
        assertEquals("CHALLENGE extra", Map.of("hint", "say the word"), WampTestClient.dict(challenge, 2));
        List<Object> welcome = authenticate(alice, TestAuthenticator.SECRET);
        assertMessage("answer to AUTHENTICATE " + TestAuthenticator.SECRET, welcome, WELCOME);
        Map<String, Object> details = WampTestClient.dict(welcome, 2);
        assertEquals("WELCOME authid: " + details, "alice", details.get("authid"));
        assertEquals("WELCOME authmethod: " + details, TestAuthenticator.METHOD, details.get("authmethod"));
        assertEquals("WELCOME authrole: " + details, "user", details.get("authrole"));
        assertEquals("WELCOME authprovider: " + details, "static", details.get("authprovider"));

        // A wrong signature is refused.
        WampTestClient mallory = connect("mallory", port, WampCodec.MSGPACK);
        assertMessage("answer to HELLO authmethods [x_testauth]", helloTestauth(mallory), CHALLENGE);
        List<Object> abort = authenticate(mallory, "guess");
        assertMessage("answer to AUTHENTICATE with a wrong signature", abort, ABORT);
        assertEquals("ABORT reason: " + WampCodec.show(abort), "wamp.error.authentication_failed", abort.get(2));

        // A second alice session (MsgPack) to talk to.
        WampTestClient alice2 = connect("alice2", port, WampCodec.MSGPACK);
        assertMessage("HELLO", helloTestauth(alice2), CHALLENGE);
        assertMessage("AUTHENTICATE", authenticate(alice2, TestAuthenticator.SECRET), WELCOME);
        long reg = alice.register(PROC);
        long sub = alice2.subscribe(TOPIC);
        roundTrip(alice2, alice, reg, "before");

        // The method's service goes away: new HELLOs offering only it are refused, joined sessions stay.
        registration.unregister();
        registration = null;
        exchange.note("test", "unregistered Authenticator " + TestAuthenticator.METHOD);
        WampTestClient late = connect("late", port, WampCodec.JSON);
        List<Object> refused = helloTestauth(late);
        assertMessage("answer to HELLO authmethods [x_testauth] after its service went away", refused, ABORT);
        assertEquals("ABORT reason: " + WampCodec.show(refused), "wamp.error.no_matching_auth_method",
                refused.get(2));

        assertFalse("alice must stay connected: " + alice.transcript(), alice.isClosed());
        assertFalse("alice2 must stay connected: " + alice2.transcript(), alice2.isClosed());
        roundTrip(alice2, alice, reg, "after");
        long publication = alice.publishAcknowledged(TOPIC, Map.of(), List.of("still alice"), null);
        List<Object> event = alice2.awaitEvent(sub);
        assertEquals(publication, id(event, 2));
        assertEquals(List.of("still alice"), opt(event, 4, null));

        // Registered again, the method is offered again at once.
        registration = TestAuthenticator.register(bundleContext);
        exchange.note("test", "registered Authenticator " + TestAuthenticator.METHOD + " again");
        WampTestClient back = connect("back", port, WampCodec.JSON);
        assertMessage("HELLO after the method came back", helloTestauth(back), CHALLENGE);
        assertMessage("AUTHENTICATE after the method came back", authenticate(back, TestAuthenticator.SECRET),
                WELCOME);
    }

    @Test
    public void withTwoServicesForTheMethodRemovingOneKeepsTheMethodAvailable() {
        ServiceRegistration<?> first = TestAuthenticator.register(bundleContext);
        registration = TestAuthenticator.register(bundleContext);
        try {
            first.unregister();
            exchange.note("test", "unregistered the first of two " + TestAuthenticator.METHOD + " services");
            WampTestClient c = awaitHandshake("alice", port, WampCodec.JSON);
            assertMessage("HELLO while the second service is registered", helloTestauth(c), CHALLENGE);
            assertMessage("AUTHENTICATE", authenticate(c, TestAuthenticator.SECRET), WELCOME);
        } finally {
            try {
                first.unregister();
            } catch (IllegalStateException alreadyUnregistered) {
                // expected
            }
        }
    }

    @Test
    public void anAuthenticationInProgressWhenTheMethodGoesAwayDoesNotJoin() {
        registration = TestAuthenticator.register(bundleContext);
        WampTestClient c = awaitHandshake("midway", port, WampCodec.JSON);
        assertMessage("HELLO", helloTestauth(c), CHALLENGE);

        registration.unregister();
        registration = null;
        exchange.note("test", "unregistered Authenticator " + TestAuthenticator.METHOD + " between CHALLENGE and "
                + "AUTHENTICATE");
        // The router must not call a service that is gone (its bundle may be stopped): the join is refused.
        List<Object> answer = authenticate(c, TestAuthenticator.SECRET);
        assertMessage("answer to AUTHENTICATE after the method's service went away", answer, ABORT);
    }

    /** Sends HELLO offering only {@code x_testauth} as authid alice; returns CHALLENGE, WELCOME or ABORT. */
    private static List<Object> helloTestauth(WampTestClient c) {
        Map<String, Object> details = new LinkedHashMap<>(WampTestClient.ROLES);
        details.put("authmethods", List.of(TestAuthenticator.METHOD));
        details.put("authid", "alice");
        c.send(HELLO, REALM, details);
        return c.await("CHALLENGE, WELCOME or ABORT",
                m -> type(m) == CHALLENGE || type(m) == WELCOME || type(m) == ABORT);
    }

    /** Sends AUTHENTICATE {@code signature}; returns WELCOME or ABORT. */
    private static List<Object> authenticate(WampTestClient c, String signature) {
        c.send(AUTHENTICATE, signature, Map.of());
        return c.await("WELCOME or ABORT", m -> type(m) == WELCOME || type(m) == ABORT);
    }

    private static void roundTrip(WampTestClient caller, WampTestClient callee, long registration, String tag) {
        long call = caller.call(PROC, List.of(tag), null);
        List<Object> invocation = callee.awaitInvocation(registration);
        callee.yield(id(invocation, 1), List.of("alice", tag), null);
        List<Object> result = caller.awaitCallAnswer(call);
        assertMessage("answer to CALL " + PROC + " (" + tag + ")", result, RESULT);
        assertEquals(List.of("alice", tag), opt(result, 3, null));
    }
}
