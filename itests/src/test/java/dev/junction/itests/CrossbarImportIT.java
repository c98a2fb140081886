package dev.junction.itests;

import static dev.junction.itests.WampTestClient.ERROR;
import static dev.junction.itests.WampTestClient.assertMessage;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.List;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;

import dev.junction.container.WampComponent;

/**
 * A Crossbar node configuration kept applied through ConfigurationAdmin: the realm, role and transport it describes
 * serve a client; an edit of the file applies its difference, winning over a hand edit; a part taken out of the file
 * is deleted; a realm that etc/ already defines is left alone (that a broken file is not applied is
 * CrossbarMapperTest's); deleting the import deletes what it created; a
 * container worker's component gets a connection that a Java component joins through.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CrossbarImportIT extends AbstractRouterIT {
    private static final String IMPORT_PID = "dev.junction.crossbar";
    private static final String SOURCE = "junction.crossbar.source";
    private static final String ROLE_PID = "dev.junction.realm.role";

    @Override
    protected Option[] additionalOptions() {
        return new Option[] { mavenBundle("com.fasterxml.jackson.core", "jackson-annotations").versionAsInProject(),
            mavenBundle("com.fasterxml.jackson.core", "jackson-databind").versionAsInProject(),
            mavenBundle("org.yaml", "snakeyaml").versionAsInProject(),
            mavenBundle("com.fasterxml.jackson.dataformat", "jackson-dataformat-yaml").versionAsInProject(),
            junctionBundle("junction-crossbar"), junctionBundle("junction-client"),
            junctionBundle("junction-container") };
    }

    private static String node(String realmOptions, boolean withRole, String extraRealm) {
        String role = withRole ? """
                "roles": [{"name": "anonymous", "permissions": [
                    {"uri": "com.cb.", "match": "prefix", "allow": {"call": true, "register": true}}]}],
                """ : "";
        return """
                {"version": 2, "workers": [{"type": "router",
                  "realms": [{"name": "cbrealm", %s "options": {%s}} %s],
                  "transports": [{"type": "websocket", "id": "cbws",
                    "endpoint": {"type": "tcp", "port": "$CB_PORT", "interface": "127.0.0.1"}}]}]}
                """.formatted(role, realmOptions, extraRealm);
    }

    private static void write(Path file, String text) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Configuration> owned(String owner) {
        try {
            Configuration[] all = configAdmin.listConfigurations("(" + SOURCE + "=" + owner + ")");
            return all == null ? List.of() : Arrays.asList(all);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Dictionary<String, Object> ownedConfig(String owner, String factoryPid) {
        return owned(owner).stream().filter(c -> factoryPid.equals(c.getFactoryPid())).findFirst()
                .map(Configuration::getProperties).orElse(null);
    }

    @Test
    public void aCrossbarFileIsAppliedKeptInLineAndRemoved() throws Exception {
        int port = freePort();
        Path dir = Files.createTempDirectory("junction-crossbar");
        Path file = dir.resolve("config.json");
        write(file, node("\"uri_check\": \"strict\"", true, ""));
        Configuration imported = createFactoryConfiguration(IMPORT_PID, "it1", Map.of("path", file.toString(),
                "poll_interval", 1, "env.CB_PORT", String.valueOf(port)));
        String owner = IMPORT_PID + "~it1";

        // The realm, its role and the transport serve a client as the file says.
        waitForPortOpen(port);
        awaitJoinable(port, "cbrealm");
        try (WampTestClient client = join("cb", port, WampCodec.JSON, "cbrealm")) {
            client.register("com.cb.allowed");
            List<Object> denied = client.awaitCallAnswer(client.call("com.other.x", List.of(), null));
            assertMessage("CALL outside the role's rules", denied, ERROR);
            assertEquals("wamp.error.not_authorized", denied.get(4));
        }
        assertEquals("realm, role, transport", 3, owned(owner).size());

        // A hand edit of the role is overridden by the next change of the file, which applies its difference.
        Configuration role = owned(owner).stream().filter(c -> c.getFactoryPid().equals(ROLE_PID)).findFirst()
                .orElseThrow();
        Dictionary<String, Object> edited = role.getProperties();
        edited.put("permissions", new String[] { "* allow=all" });
        role.update(edited);
        write(file, node("\"uri_check\": \"loose\"", true, ""));
        waitUntil("the realm follows the file", () -> "loose".equals(
                ownedConfig(owner, REALM_PID).get("uri_check")));
        waitUntil("the file wins over the hand edit", () -> Arrays.equals(new String[] {
            "com.cb. match=prefix allow=call,register" }, (String[]) ownedConfig(owner, ROLE_PID).get("permissions")));

        // A role taken out of the file goes; a realm that another configuration defines is left to it.
        Configuration mine = createRealm("cbother");
        write(file, node("\"uri_check\": \"loose\"", false, ", {\"name\": \"cbother\"}"));
        waitUntil("the role is deleted", () -> ownedConfig(owner, ROLE_PID) == null);
        assertEquals("cbother stays with its own configuration", "cbother", mine.getProperties().get("name"));
        assertNull("cbother was not taken over", mine.getProperties().get(SOURCE));
        assertEquals("realm and transport", 2, owned(owner).size());

        // Deleting the import deletes what it created, and the transport closes.
        deleteConfiguration(imported);
        waitUntil("the import's configurations are deleted", () -> owned(owner).isEmpty());
        waitForPortClosed(port);
        assertTrue(mine.getProperties() != null);
    }

    @Test
    public void aContainerWorkersComponentGetsItsConnectionForAJavaPortToUse() throws Exception {
        int port = startTransport();
        createRealm("cbcontainer");
        awaitJoinable(port, "cbcontainer");
        Path dir = Files.createTempDirectory("junction-crossbar");
        Path file = dir.resolve("config.json");
        write(file, """
                {"version": 2, "workers": [{"type": "container", "id": "c1", "components": [
                  {"type": "class", "id": "hello", "classname": "hello.AppSession", "realm": "cbcontainer",
                   "transport": {"type": "websocket", "url": "ws://127.0.0.1:%d/ws",
                                 "endpoint": {"type": "tcp", "host": "127.0.0.1", "port": %d}}}]}]}
                """.formatted(port, port));
        createFactoryConfiguration(IMPORT_PID, "it2", Map.of("path", file.toString(), "poll_interval", 0));

        // The Python component is reported; its connection exists for a Java component naming it.
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(WampComponent.CONNECTION, "c1_hello");
        List<Long> joined = new java.util.concurrent.CopyOnWriteArrayList<>();
        ServiceRegistration<WampComponent> component = bundleContext.registerService(WampComponent.class,
                session -> {
                    joined.add(session.id());
                    return CompletableFuture.completedFuture(null);
                }, props);
        try {
            waitUntil("the component joined through the imported connection", () -> !joined.isEmpty());
        } finally {
            component.unregister();
        }
    }
}
