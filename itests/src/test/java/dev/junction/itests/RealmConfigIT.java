package dev.junction.itests;

import static dev.junction.itests.WampTestClient.ABORT;
import static dev.junction.itests.WampTestClient.GOODBYE;
import static dev.junction.itests.WampTestClient.RESULT;
import static dev.junction.itests.WampTestClient.WELCOME;
import static dev.junction.itests.WampTestClient.assertMessage;
import static dev.junction.itests.WampTestClient.id;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.util.List;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;

/**
 * Lifecycle of {@code dev.junction.realm} factory configurations (house style 21): no configuration, no realm;
 * creating one makes it joinable; deleting it closes its sessions with GOODBYE {@code wamp.close.close_realm} and
 * leaves other realms alone.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RealmConfigIT extends AbstractRouterIT {
    private static final String OTHER_REALM = "realm2";

    private int port;

    @Before
    public void transport() {
        port = startTransport();
    }

    @Test
    public void helloToAnUnconfiguredRealmIsAborted() {
        for (WampCodec codec : WampCodec.PROVISIONED) {
            WampTestClient client = awaitHandshake("hello-" + codec, port, codec);
            List<Object> answer = client.sendHello(REALM);
            // [ABORT, Details|dict, Reason|uri]
            assertMessage("answer to HELLO " + REALM + " without a realm configuration", answer, ABORT);
            WampTestClient.dict(answer, 1);
            assertEquals("wamp.error.no_such_realm", answer.get(2));
        }
    }

    @Test
    public void creatingTheRealmConfigurationMakesItJoinable() {
        WampTestClient before = awaitHandshake("before", port, WampCodec.JSON);
        assertMessage("HELLO before the realm exists", before.sendHello(REALM), ABORT);

        createRealm(REALM);
        awaitJoinable(port, REALM);

        for (WampCodec codec : WampCodec.PROVISIONED) {
            WampTestClient client = connect("after-" + codec, port, codec);
            assertMessage("HELLO after the realm was created", client.sendHello(REALM), WELCOME);
        }
        // Only the configured realm exists.
        WampTestClient other = connect("other", port, WampCodec.JSON);
        List<Object> answer = other.sendHello(OTHER_REALM);
        assertMessage("HELLO to a realm that still has no configuration", answer, ABORT);
        assertEquals("wamp.error.no_such_realm", answer.get(2));
    }

    @Test
    public void deletingTheRealmConfigurationClosesItsSessions() {
        Configuration realm1 = createRealm(REALM);
        createRealm(OTHER_REALM);
        awaitJoinable(port, REALM);
        awaitJoinable(port, OTHER_REALM);

        WampTestClient jsonSession = join("json", port, WampCodec.JSON, REALM);
        WampTestClient msgpackSession = join("msgpack", port, WampCodec.MSGPACK, REALM);
        WampTestClient elsewhere = join("elsewhere", port, WampCodec.JSON, OTHER_REALM);
        long registration = elsewhere.register("com.example.still_here");

        deleteConfiguration(realm1);

        for (WampTestClient session : List.of(jsonSession, msgpackSession)) {
            // [GOODBYE, Details|dict, Reason|uri]
            List<Object> goodbye = session.awaitType(GOODBYE);
            WampTestClient.dict(goodbye, 1);
            assertEquals(session + " GOODBYE reason: " + WampCodec.show(goodbye), "wamp.close.close_realm",
                    goodbye.get(2));
        }
        // Once the router has said the realm is closed, it must not let anyone join it.
        WampTestClient late = connect("late", port, WampCodec.JSON);
        List<Object> answer = late.sendHello(REALM);
        assertMessage("HELLO after the realm's sessions were told it closed", answer, ABORT);
        assertEquals("wamp.error.no_such_realm", answer.get(2));

        // The other realm's session is untouched and still routed.
        assertFalse("the session on " + OTHER_REALM + " must stay connected: " + elsewhere.transcript(),
                elsewhere.isClosed());
        long call = elsewhere.call("com.example.still_here", List.of(), null);
        elsewhere.yield(id(elsewhere.awaitInvocation(registration), 1), List.of("yes"), null);
        List<Object> result = elsewhere.awaitCallAnswer(call);
        assertMessage("answer to CALL on " + OTHER_REALM, result, RESULT);
        assertEquals(List.of("yes"), result.get(3));
    }
}
