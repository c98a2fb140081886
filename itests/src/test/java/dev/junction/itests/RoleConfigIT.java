package dev.junction.itests;

import static dev.junction.itests.WampTestClient.ERROR;
import static dev.junction.itests.WampTestClient.SUBSCRIBE;
import static dev.junction.itests.WampTestClient.SUBSCRIBED;
import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;

/**
 * {@code dev.junction.realm.role} factory configurations through Configuration Admin: a role closes an open realm
 * to what it allows, at once for joined sessions; a refused update keeps the previous rules; a refused new role
 * fails closed; deleting the last role opens the realm again.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RoleConfigIT extends AbstractRouterIT {
    private static final String ROLE_PID = "dev.junction.realm.role";

    private int port;

    @Before
    public void realmAndTransport() {
        port = startTransport();
        createRealm(REALM);
        awaitJoinable(port, REALM);
    }

    /** The answer type (SUBSCRIBED or ERROR) to a SUBSCRIBE of {@code topic}. */
    private static int subscribeAnswer(WampTestClient client, String topic) {
        long request = client.nextRequestId();
        client.send(SUBSCRIBE, request, Map.of(), topic);
        List<Object> answer = client.awaitAnswer(request, SUBSCRIBE, SUBSCRIBED);
        if (WampTestClient.type(answer) == ERROR) {
            assertEquals("ERROR of SUBSCRIBE " + topic, "wamp.error.not_authorized", answer.get(4));
        }
        return WampTestClient.type(answer);
    }

    private static void awaitAnswer(WampTestClient client, String topic, int type) {
        waitFor("SUBSCRIBE " + topic + " answered with " + WampTestClient.messageName(type), Duration.ofSeconds(20),
                () -> subscribeAnswer(client, topic) == type ? Boolean.TRUE : null, client::transcript);
    }

    private Configuration role(String name, String... permissions) {
        return createFactoryConfiguration(ROLE_PID, uniqueName("role"),
                Map.of("realm", REALM, "name", name, "permissions", permissions));
    }

    @Test
    public void aRoleAppliesAtOnceToJoinedSessionsAndItsDeletionOpensTheRealmAgain() {
        WampTestClient client = join("joined", port, WampCodec.JSON, REALM);
        assertEquals("open realm", SUBSCRIBED, subscribeAnswer(client, "com.denied.topic"));

        Configuration anonymous = role("anonymous", "com.allowed.* allow=subscribe");
        awaitAnswer(client, "com.denied.topic", ERROR);
        assertEquals(SUBSCRIBED, subscribeAnswer(client, "com.allowed.topic"));

        // A typed list and a single string with ';' are the same rules.
        updateConfiguration(anonymous, Map.of("realm", REALM, "name", "anonymous",
                "permissions", "com.allowed.* allow=subscribe ; com.denied.* allow=subscribe"));
        awaitAnswer(client, "com.denied.topic", SUBSCRIBED);

        deleteConfiguration(anonymous);
        awaitAnswer(client, "com.other.topic", SUBSCRIBED);
    }

    @Test
    public void aRefusedUpdateKeepsThePreviousRulesAndARefusedNewRoleFailsClosed() {
        WampTestClient client = join("joined", port, WampCodec.MSGPACK, REALM);
        Configuration anonymous = role("anonymous", "com.allowed.* allow=subscribe");
        awaitAnswer(client, "com.denied.topic", ERROR);

        updateConfiguration(anonymous, Map.of("realm", REALM, "name", "anonymous",
                "permissions", new String[] { "com.denied.* allow=subscribe", "com.x allow=kill" }));
        // Configuration events reach the components in order: once a realm configured after the bad update is
        // joinable, the update has been handled. It is refused as a whole: the previous rules stay.
        createRealm("realm2");
        awaitJoinable(port, "realm2");
        WampTestClient later = join("later", port, WampCodec.JSON, REALM);
        assertEquals(SUBSCRIBED, subscribeAnswer(later, "com.allowed.topic"));
        assertEquals(ERROR, subscribeAnswer(later, "com.denied.topic"));
        deleteConfiguration(anonymous);
        awaitAnswer(client, "com.denied.topic", SUBSCRIBED);

        // A new role with a bad rule exists without rules: the realm is closed, its sessions may do nothing.
        role("anonymous", "com.allowed.* allow=subscribe", "com.allowed.* allow=everything");
        awaitAnswer(client, "com.allowed.topic", ERROR);
    }
}
