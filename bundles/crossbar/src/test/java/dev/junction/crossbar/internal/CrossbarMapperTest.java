package dev.junction.crossbar.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.junction.api.admin.ImportFinding;
import dev.junction.api.admin.ImportFinding.Kind;

/** Crossbar configurations from its documentation's examples, mapped, with every finding they give. */
class CrossbarMapperTest {
    private static final Variables ENV = new Variables(Map.of("CB_PORT", "18080", "JOE_TICKET", "secret!!!"),
            name -> null);

    private static Path resource(String name) {
        try {
            return Path.of(CrossbarMapperTest.class.getResource("/crossbar/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CrossbarMapper.Result map(String name) {
        return CrossbarFiles.map(resource(name), "cb_t", ENV);
    }

    private static Planned one(CrossbarMapper.Result r, String pid, String name) {
        return r.configurations().stream().filter(p -> p.factoryPid().equals(pid) && p.name().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + pid + "~" + name + " in "
                        + r.configurations().stream().map(p -> p.factoryPid() + "~" + p.name()).toList()));
    }

    private static List<String> findings(CrossbarMapper.Result r, Kind kind) {
        return r.findings().stream().filter(f -> f.kind() == kind).map(ImportFinding::path).toList();
    }

    @Test
    void theSeedsWebSocketTransportWithTheUsualOpenRealm() {
        CrossbarMapper.Result r = map("seed-websocket.json");
        Planned ws = one(r, CrossbarMapper.WEBSOCKET_PID, "cb_t_transport1");
        assertThat(ws.properties()).containsEntry("id", "transport1").containsEntry("endpoint.type", "tcp")
                .containsEntry("endpoint.port", 8080).containsEntry("endpoint.interface", "");
        Planned realm = one(r, CrossbarMapper.REALM_PID, "cb_t_realm_realm1");
        assertThat(realm.properties()).containsEntry("name", "realm1");
        Planned role = one(r, CrossbarMapper.ROLE_PID, "cb_t_role_realm1_anonymous");
        assertThat((String[]) role.properties().get("permissions")).containsExactly("* allow=call,register,publish,"
                + "subscribe cache=true");
        assertThat(findings(r, Kind.ERROR)).isEmpty();
        assertThat(findings(r, Kind.UNMAPPED)).containsExactly("controller");
        assertThat(findings(r, Kind.NOTE)).containsExactly("workers[0].transports[0].endpoint");
    }

    @Test
    void aRouterWithRolesPrincipalsAndTwoTransports() {
        CrossbarMapper.Result r = map("auth-router.json");
        assertThat(findings(r, Kind.ERROR)).isEmpty();

        Planned realm = one(r, CrossbarMapper.REALM_PID, "cb_t_realm_realm1");
        assertThat(realm.properties()).containsEntry("uri_check", "loose").containsEntry("enable_meta_api", true);
        assertThat((String[]) realm.properties().get("event_history")).containsExactly("com.example.news=20");

        assertThat((String[]) one(r, CrossbarMapper.ROLE_PID, "cb_t_role_realm1_frontend").properties()
                .get("permissions")).containsExactly(
                        "com.example.api. match=prefix allow=call disclose=caller cache=true",
                        "com.example..status match=wildcard allow=publish,subscribe",
                        "com.example.news allow=subscribe");
        assertThat((String[]) one(r, CrossbarMapper.ROLE_PID, "cb_t_role_realm1_backend").properties()
                .get("permissions")).containsExactly("com.example.* allow=call,register,publish,subscribe");
        assertThat(one(r, CrossbarMapper.ROLE_PID, "cb_t_role_realm1_approver").properties())
                .containsEntry("authorizer", "com.example.authorize").doesNotContainKey("permissions");

        Planned ws = one(r, CrossbarMapper.WEBSOCKET_PID, "cb_t_ws_auth");
        assertThat(ws.properties()).containsEntry("id", "ws_auth").containsEntry("endpoint.port", 18080)
                .containsEntry("endpoint.interface", "127.0.0.1").containsEntry("options.auto_ping_interval", 10000)
                .containsEntry("options.compression", "deflate")
                .containsEntry("options.compression.deflate.request_no_context_takeover", false)
                .containsEntry("options.enable_webstatus", false).containsEntry("auth.ticket.type", "static")
                .containsEntry("auth.wampcra.type", "static").containsEntry("auth.cryptosign.type", "static")
                .containsEntry("auth.anonymous.type", "static").containsEntry("auth.anonymous.role", "frontend");
        assertThat((String[]) ws.properties().get("serializers")).containsExactly("json", "msgpack");

        assertThat(one(r, CrossbarMapper.PRINCIPAL_PID, "cb_t_ws_auth_ticket_joe").properties())
                .containsEntry("authid", "joe").containsEntry("ticket", "secret!!!").containsEntry("role", "frontend");
        assertThat(one(r, CrossbarMapper.PRINCIPAL_PID, "cb_t_ws_auth_wampcra_peter").properties())
                .containsEntry("secret", "prq7+YkJ1/KlW1X0YczMHw==").containsEntry("salt", "salt123")
                .containsEntry("iterations", 100).containsEntry("keylen", 16).containsEntry("role", "backend");
        Planned device = one(r, CrossbarMapper.PRINCIPAL_PID, "cb_t_ws_auth_cryptosign_device01");
        assertThat(device.properties()).containsEntry("realm", "realm1");
        assertThat((String[]) device.properties().get("authorized_keys")).hasSize(1);
        assertThat((String[]) device.properties().get("transports")).containsExactly("ws_auth");

        Planned rs = one(r, CrossbarMapper.RAWSOCKET_PID, "cb_t_transport2");
        assertThat(rs.properties()).containsEntry("endpoint.type", "unix")
                .containsEntry("endpoint.path", resource("auth-router.json").getParent().resolve("router.sock")
                        .toString())
                .containsEntry("options.max_message_size", 1048576).containsEntry("auth.ticket.type", "dynamic")
                .containsEntry("auth.ticket.authenticator", "com.example.authenticate");

        Planned connection = one(r, CrossbarMapper.CONNECT_WEBSOCKET_PID, "cb_t_c1_hello");
        assertThat(connection.properties()).containsEntry("id", "c1_hello").containsEntry("realm", "realm1")
                .containsEntry("url", "ws://127.0.0.1:8080/ws");

        assertThat(findings(r, Kind.UNMAPPED)).containsExactly(
                "controller",
                "workers[0].options",
                "workers[0].realms[0].store.event-history[1]",
                "workers[0].realms[0].roles[0].permissions[2].validate",
                "workers[0].transports[1].auth.ticket.authenticator-role",
                "workers[0].transports[2]",
                "workers[0].components[0]",
                "workers[1].options",
                "workers[1].components[0]",
                "workers[2]");
        assertThat(r.findings()).filteredOn(f -> f.path().equals("workers[1].components[0]")).singleElement()
                .satisfies(f -> assertThat(f.instead()).contains("junction.connection=c1_hello"));
    }

    @Test
    void aWebTransportInYamlWithItsPathServices() {
        CrossbarMapper.Result r = map("web.yaml");
        Path dir = resource("web.yaml").getParent();
        assertThat(findings(r, Kind.ERROR)).isEmpty();
        assertThat(one(r, CrossbarMapper.WEB_PID, "cb_t_web1").properties()).containsEntry("id", "web1")
                .containsEntry("endpoint.port", 8090).containsEntry("options.access_log", true);
        Planned root = one(r, CrossbarMapper.WEB_PATH_PID, "cb_t_web1_path_root");
        assertThat(root.properties()).containsEntry("transport", "web1").containsEntry("path", "/")
                .containsEntry("type", "static").containsEntry("directory", dir.resolve("../web").normalize()
                        .toString());
        assertThat((String[]) root.properties().get("options.mime_types")).containsExactly(".wasm=application/wasm");
        Planned ws = one(r, CrossbarMapper.WEB_PATH_PID, "cb_t_web1_path_ws");
        assertThat(ws.properties()).containsEntry("path", "/ws").containsEntry("type", "websocket")
                .containsEntry("cookie.store.type", "file")
                .containsEntry("cookie.store.filename", dir.resolve("cookies.dat").toString())
                .containsEntry("cookie.max_age", 86400).containsEntry("auth.ticket.type", "static")
                .containsEntry("auth.cookie.type", "static");
        assertThat((String[]) one(r, CrossbarMapper.PRINCIPAL_PID, "cb_t_web1_ticket_kim").properties()
                .get("transports")).containsExactly("web1");
        assertThat(one(r, CrossbarMapper.WEB_PATH_PID, "cb_t_web1_path_call").properties())
                .containsEntry("type", "caller").containsEntry("realm", "app").containsEntry("options.key", "k1")
                .containsEntry("options.secret", "s1").containsEntry("options.post_body_limit", 8192);
        assertThat(one(r, CrossbarMapper.WEB_PATH_PID, "cb_t_web1_path_hook").properties())
                .containsEntry("options.topic", "com.example.hook");
        one(r, CrossbarMapper.WEB_PATH_PID, "cb_t_web1_path_info");
        assertThat(findings(r, Kind.UNMAPPED)).containsExactly("workers[0].transports[0].paths.api");
    }

    @Test
    void aBrokenFileAndAnOldVersionAreErrorsThatMapNothingAndAreNotApplied() {
        CrossbarMapper.Result broken = map("broken.json");
        assertThat(broken.configurations()).isEmpty();
        assertThat(broken.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Kind.ERROR);
            assertThat(f.message()).contains("cannot parse").contains("broken.json").contains("line");
        });
        CrossbarMapper.Result old = map("version1.json");
        assertThat(old.configurations()).isEmpty();
        assertThat(findings(old, Kind.ERROR)).containsExactly("version");
        // neither may be applied (that would delete what the last good file created); a good file may
        assertThat(CrossbarFiles.usable(broken)).isFalse();
        assertThat(CrossbarFiles.usable(old)).isFalse();
        assertThat(CrossbarFiles.usable(map("seed-websocket.json"))).isTrue();
    }

    @Test
    void anUnsetVariableIsAnErrorNamingItsKeyAndTheRestStillMaps() {
        CrossbarMapper.Result r = CrossbarFiles.map(resource("auth-router.json"), "cb_t",
                new Variables(Map.of("CB_PORT", "18080"), name -> null));
        assertThat(r.findings()).filteredOn(f -> f.kind() == Kind.ERROR).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo("workers[0].transports[0].auth.ticket.principals.joe.ticket");
            assertThat(f.message()).contains("JOE_TICKET");
        });
        one(r, CrossbarMapper.WEBSOCKET_PID, "cb_t_ws_auth");
    }

    @Test
    void permissionLinesFollowCrossbarsForms() {
        Findings f = new Findings();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.function.Function<String, String> line = s -> {
            try {
                return PermissionLine.of(json.readTree(s), "p", f);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        };
        assertThat(line.apply("{\"uri\": \"com.app.*\", \"allow\": {\"call\": true}}"))
                .isEqualTo("com.app.* allow=call");
        assertThat(line.apply("{\"uri\": \"com.app\", \"match\": \"exact\"}")).isEqualTo("com.app match=exact "
                + "allow=none");
        assertThat(line.apply("{\"uri\": \"\", \"match\": \"prefix\", \"disclose\": {\"publisher\": true}}"))
                .isEqualTo("* allow=none disclose=publisher");
        assertThat(line.apply("{\"uri\": \"a.*\", \"match\": \"prefix\"}")).isNull();
        assertThat(line.apply("{\"uri\": \"a\", \"match\": \"regex\"}")).isNull();
        assertThat(f.list()).extracting(ImportFinding::kind).containsExactly(Kind.NOTE, Kind.ERROR);
    }
}
