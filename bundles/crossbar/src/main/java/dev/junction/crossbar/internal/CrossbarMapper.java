package dev.junction.crossbar.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.junction.api.admin.ImportFinding;

/**
 * Maps a Crossbar node configuration (version 2) onto Junction's configurations: router workers' realms (with
 * their options and event history), roles (permission lines, or an authorizer), listening transports (websocket,
 * rawsocket, web with its path services), the static principals of their {@code auth} blocks, and the connecting
 * transports of container components. Everything without a Junction counterpart becomes a finding with its key path
 * and what to do instead; nothing is dropped silently, and a part that cannot be mapped never stops the rest.
 *
 * <p>Instance names start with {@code prefix} (the import's own name), so they can never collide with the
 * configurations of {@code etc/}; transports keep Crossbar's ids (given, or Crossbar's {@code transportNNN}).
 */
final class CrossbarMapper {
    static final String REALM_PID = "dev.junction.realm";
    static final String ROLE_PID = "dev.junction.realm.role";
    static final String PRINCIPAL_PID = "dev.junction.auth.principal";
    static final String WEBSOCKET_PID = "dev.junction.transport.websocket";
    static final String RAWSOCKET_PID = "dev.junction.transport.rawsocket";
    static final String WEB_PID = "dev.junction.transport.web";
    static final String WEB_PATH_PID = "dev.junction.transport.web.path";
    static final String CONNECT_WEBSOCKET_PID = "dev.junction.connect.websocket";
    static final String CONNECT_RAWSOCKET_PID = "dev.junction.connect.rawsocket";

    /** The options Junction's WebSocket transport understands (Crossbar's, some accepted and ignored). */
    private static final Set<String> WEBSOCKET_OPTIONS = Set.of("max_frame_size", "max_message_size",
            "auto_fragment_size", "open_handshake_timeout", "close_handshake_timeout", "auto_ping_interval",
            "auto_ping_timeout", "auto_ping_size", "auto_ping_restart_on_any_traffic",
            "require_websocket_subprotocol", "allowed_origins", "allow_null_origin", "enable_webstatus",
            "show_server_version", "tcp_nodelay", "validate_utf8", "fail_by_drop", "echo_close_codereason",
            "compression", "external_port", "enable_hybi10", "enable_rfc6455", "mask_server_frames",
            "require_masked_client_frames", "apply_mask", "enable_flash_policy", "flash_policy");
    private static final Set<String> DEFLATE_OPTIONS = Set.of("request_no_context_takeover",
            "request_max_window_bits", "no_context_takeover", "max_window_bits", "memory_level");
    private static final Set<String> ENDPOINT_KEYS = Set.of("type", "port", "interface", "backlog", "path", "tls",
            "version", "host", "timeout");
    private static final Set<String> TLS_PATH_KEYS = Set.of("key", "certificate", "chain_certificates",
            "ca_certificates", "dhparam");
    private static final Set<String> COOKIE_KEYS = Set.of("name", "length", "max_age", "secure", "http_strict",
            "same_site", "store");
    private static final Set<String> BRIDGE_OPTIONS = Set.of("key", "secret", "require_tls", "require_ip",
            "post_body_limit", "timestamp_delta_limit", "debug", "topic", "success_response", "error_response",
            "github_secret");
    private static final String JAVA_COMPONENT = "write the component as a Java WampComponent bundle for the "
            + "container (README: Containers)";

    private final String prefix;
    private final Path nodeDir;
    private final Variables variables;
    private final Findings findings = new Findings();
    private final List<Planned> planned = new ArrayList<>();
    private final Set<String> realmNames = new LinkedHashSet<>();

    private CrossbarMapper(String prefix, Path nodeDir, Variables variables) {
        this.prefix = prefix;
        this.nodeDir = nodeDir;
        this.variables = variables;
    }

    /** What a file maps to. */
    record Result(List<Planned> configurations, List<ImportFinding> findings) {
    }

    static Result map(JsonNode root, String prefix, Path nodeDir, Variables variables) {
        CrossbarMapper m = new CrossbarMapper(prefix, nodeDir, variables);
        m.node(root);
        return new Result(List.copyOf(m.planned), m.findings.list());
    }

    // ---- node and workers ----

    private void node(JsonNode root) {
        JsonNode version = root.path("version");
        if (!version.isInt() || version.asInt() != 2) {
            findings.error("version", "only version 2 configurations are read (found " + version + ")");
            return;
        }
        for (String key : keys(root)) {
            switch (key) {
                case "version", "$schema" -> {
                }
                case "controller" -> findings.unmapped("controller", "the node controller (node id, management "
                        + "realm, manhole) has no counterpart", "Junction is managed through Karaf: its shell, JMX "
                        + "and web console");
                case "workers" -> workers(root.get("workers"));
                default -> findings.unmapped(key, "not a key of a Crossbar node configuration", null);
            }
        }
    }

    private void workers(JsonNode workers) {
        if (!workers.isArray()) {
            findings.error("workers", "must be a list");
            return;
        }
        for (int i = 0; i < workers.size(); i++) {
            JsonNode w = workers.get(i);
            String path = "workers[" + i + "]";
            String type = w.path("type").asText("");
            switch (type) {
                case "router" -> router(w, path);
                case "container" -> container(w, path);
                default -> findings.unmapped(path, "a worker of type '" + type + "' has no counterpart",
                        type.equals("guest") ? "run the program as a service of its own" : null);
            }
        }
    }

    private void router(JsonNode w, String path) {
        for (String key : keys(w)) {
            JsonNode v = w.get(key);
            switch (key) {
                case "type", "id" -> {
                }
                case "realms" -> eachOf(v, path + ".realms", this::realm);
                case "transports" -> {
                    if (v.isArray()) {
                        for (int i = 0; i < v.size(); i++) {
                            transport(v.get(i), path + ".transports[" + i + "]", "transport" + (i + 1));
                        }
                    } else {
                        findings.error(path + ".transports", "must be a list");
                    }
                }
                case "components" -> eachOf(v, path + ".components", (c, p) -> findings.unmapped(p,
                        "a router component runs Python code (" + c.path("classname").asText("?") + ")",
                        JAVA_COMPONENT));
                case "options" -> findings.unmapped(path + ".options", "worker process options (title, pythonpath, "
                        + "cpu_affinity, env, ...) have no counterpart: Junction runs in Karaf's JVM",
                        "set JVM options in bin/setenv");
                default -> findings.unmapped(path + "." + key, "has no counterpart", null);
            }
        }
    }

    private void container(JsonNode w, String path) {
        String workerId = w.path("id").asText("container");
        for (String key : keys(w)) {
            JsonNode v = w.get(key);
            switch (key) {
                case "type", "id" -> {
                }
                case "components" -> {
                    if (!v.isArray()) {
                        findings.error(path + ".components", "must be a list");
                        break;
                    }
                    for (int i = 0; i < v.size(); i++) {
                        containerComponent(v.get(i), path + ".components[" + i + "]", workerId,
                                "component" + (i + 1));
                    }
                }
                case "options" -> findings.unmapped(path + ".options", "worker process options have no "
                        + "counterpart: the container runs in Karaf's JVM", "set JVM options in bin/setenv");
                default -> findings.unmapped(path + "." + key, "has no counterpart", null);
            }
        }
    }

    /** The component's connecting transport becomes a connection its Java port can name. */
    private void containerComponent(JsonNode c, String path, String workerId, String defaultId) {
        String id = sanitize(workerId + "_" + c.path("id").asText(defaultId));
        JsonNode transport = c.path("transport");
        String realm = c.path("realm").asText(null);
        if (!transport.isObject() || realm == null) {
            findings.error(path, "a container component needs a realm and a transport");
            return;
        }
        String type = transport.path("type").asText("websocket");
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("id", id);
        props.put("realm", text(realm, path + ".realm"));
        String tpath = path + ".transport";
        for (String key : keys(transport)) {
            JsonNode v = transport.get(key);
            switch (key) {
                case "type", "id", "debug" -> {
                }
                case "url" -> props.put("url", text(v.asText(), tpath + ".url"));
                case "serializers" -> props.put("serializers", strings(v, tpath + ".serializers"));
                case "serializer" -> props.put("serializer", text(v.asText(), tpath + ".serializer"));
                case "endpoint" -> connectingEndpoint(v, tpath + ".endpoint", type, props);
                case "options" -> findings.unmapped(tpath + ".options", "client-side transport options have no "
                        + "counterpart", null);
                default -> findings.unmapped(tpath + "." + key, "has no counterpart", null);
            }
        }
        if (!type.equals("websocket") && !type.equals("rawsocket")) {
            findings.unmapped(tpath, "a connecting transport of type '" + type + "' has no counterpart",
                    "use websocket or rawsocket");
            return;
        }
        planned.add(new Planned(type.equals("websocket") ? CONNECT_WEBSOCKET_PID : CONNECT_RAWSOCKET_PID,
                prefix + "_" + id, props, tpath));
        findings.unmapped(path, "the component itself runs Python code (" + c.path("classname").asText("?")
                + "); its connection was created as '" + id + "'", JAVA_COMPONENT + " with service property "
                        + "junction.connection=" + id);
    }

    private void connectingEndpoint(JsonNode e, String path, String type, Map<String, Object> props) {
        String etype = e.path("type").asText("tcp");
        for (String key : keys(e)) {
            JsonNode v = e.get(key);
            switch (key) {
                case "type" -> props.put("endpoint.type", etype);
                case "timeout" -> props.put("endpoint.timeout", scalar(v, path + ".timeout"));
                case "tls" -> {
                    for (String tkey : keys(v)) {
                        JsonNode tv = v.get(tkey);
                        String p = path + ".tls." + tkey;
                        switch (tkey) {
                            case "hostname" -> props.put("endpoint.tls.hostname", text(tv.asText(), p));
                            case "ca_certificates" -> props.put("endpoint.tls.ca_certificates", paths(tv, p));
                            case "certificate", "key" -> props.put("endpoint.tls." + tkey,
                                    resolvePath(text(tv.asText(), p)));
                            default -> findings.unmapped(p, "has no counterpart", null);
                        }
                    }
                }
                case "host", "port", "path" -> {
                    if (type.equals("rawsocket")) {
                        Object value = key.equals("path") ? resolvePath(text(v.asText(), path + ".path"))
                                : scalar(v, path + "." + key);
                        props.put("endpoint." + key, value);
                    } else {
                        findings.note(path + "." + key, "a connecting WebSocket transport connects to its url; "
                                + "the endpoint's " + key + " is not used");
                    }
                }
                case "version" -> findings.note(path + ".version", "the address family follows the host");
                default -> findings.unmapped(path + "." + key, "has no counterpart", null);
            }
        }
    }

    // ---- realms and roles ----

    private void realm(JsonNode r, String path) {
        String name = r.path("name").asText(null);
        if (name == null) {
            findings.error(path, "a realm needs a name");
            return;
        }
        name = text(name, path + ".name");
        if (!realmNames.add(name)) {
            findings.error(path, "realm '" + name + "' is defined twice; the first definition is used");
            return;
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("name", name);
        for (String key : keys(r)) {
            JsonNode v = r.get(key);
            switch (key) {
                case "name", "id" -> {
                }
                case "roles" -> {
                    if (v.isArray()) {
                        for (int i = 0; i < v.size(); i++) {
                            role(v.get(i), path + ".roles[" + i + "]", name);
                        }
                    } else {
                        findings.error(path + ".roles", "must be a list");
                    }
                }
                case "options" -> realmOptions(v, path + ".options", props);
                case "store" -> store(v, path + ".store", props);
                case "rlinks" -> findings.unmapped(path + ".rlinks", "router-to-router links have no counterpart",
                        "serve one realm from several nodes with junction-cluster");
                default -> findings.unmapped(path + "." + key, "has no counterpart", null);
            }
        }
        planned.add(new Planned(REALM_PID, prefix + "_realm_" + sanitize(name), props, path));
    }

    private void realmOptions(JsonNode options, String path, Map<String, Object> props) {
        for (String key : keys(options)) {
            JsonNode v = options.get(key);
            switch (key) {
                case "enable_meta_api" -> props.put("enable_meta_api", v.asBoolean(true));
                case "uri_check" -> props.put("uri_check", text(v.asText(), path + ".uri_check"));
                case "bridge_meta_api" -> {
                    if (v.asBoolean(false)) {
                        findings.unmapped(path + ".bridge_meta_api", "bridging meta events to other realms has no "
                                + "counterpart", null);
                    }
                }
                case "event_dispatching_chunk_size" -> findings.note(path + "." + key, "Junction dispatches an "
                        + "event to all receivers at once (each has its own bounded queue); not needed");
                default -> findings.unmapped(path + "." + key, "not a realm option Junction knows", null);
            }
        }
    }

    private void store(JsonNode store, String path, Map<String, Object> props) {
        if (!"memory".equals(store.path("type").asText("memory"))) {
            findings.unmapped(path + ".type", "only the memory store has a counterpart (event_history)", null);
            return;
        }
        List<String> history = new ArrayList<>();
        int defaultLimit = store.path("limit").asInt(100);
        for (String key : keys(store)) {
            JsonNode v = store.get(key);
            switch (key) {
                case "type", "limit" -> {
                }
                case "event-history" -> {
                    for (int i = 0; i < v.size(); i++) {
                        JsonNode h = v.get(i);
                        String p = path + ".event-history[" + i + "]";
                        String match = h.path("match").asText("exact");
                        if (!match.equals("exact")) {
                            findings.unmapped(p, "history for a " + match + " pattern has no counterpart",
                                    "list the exact topics");
                        } else if (!h.path("uri").isTextual()) {
                            findings.error(p, "needs a uri");
                        } else {
                            history.add(h.get("uri").asText() + "=" + h.path("limit").asInt(defaultLimit));
                        }
                    }
                }
                default -> findings.unmapped(path + "." + key, "has no counterpart", null);
            }
        }
        if (!history.isEmpty()) {
            props.put("event_history", history.toArray(String[]::new));
        }
    }

    private void role(JsonNode r, String path, String realm) {
        String name = r.path("name").asText(null);
        if (name == null) {
            findings.error(path, "a role needs a name");
            return;
        }
        if (name.equals("trusted")) {
            findings.note(path, "'trusted' is Junction's reserved role, which may do everything; left out");
            return;
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("realm", realm);
        props.put("name", name);
        boolean hasPermissions = r.has("permissions");
        if (hasPermissions && r.has("authorizer")) {
            findings.error(path, "a role has permissions or an authorizer, not both (Crossbar refuses it too)");
            return;
        }
        for (String key : keys(r)) {
            JsonNode v = r.get(key);
            switch (key) {
                case "name", "id" -> {
                }
                case "permissions" -> {
                    List<String> lines = new ArrayList<>();
                    for (int i = 0; i < v.size(); i++) {
                        String line = PermissionLine.of(v.get(i), path + ".permissions[" + i + "]", findings);
                        if (line != null) {
                            lines.add(line);
                        }
                    }
                    props.put("permissions", lines.toArray(String[]::new));
                }
                case "authorizer" -> props.put("authorizer", text(v.asText(), path + ".authorizer"));
                case "allow-by-default" -> {
                    if (v.asBoolean(false)) {
                        findings.unmapped(path + ".allow-by-default", "a role allowing everything by default",
                                "add a rule '* allow=all'");
                    }
                }
                default -> findings.unmapped(path + "." + key, "has no counterpart", null);
            }
        }
        planned.add(new Planned(ROLE_PID, prefix + "_role_" + sanitize(realm) + "_" + sanitize(name), props, path));
    }

    // ---- listening transports ----

    private void transport(JsonNode t, String path, String defaultId) {
        String type = t.path("type").asText("");
        String id = t.path("id").asText(defaultId);
        switch (type) {
            case "websocket", "rawsocket" -> {
                Map<String, Object> props = new LinkedHashMap<>();
                props.put("id", id);
                if (!listeningEndpoint(t.path("endpoint"), path + ".endpoint", props)) {
                    return;
                }
                wampKeys(t, path, id, type, props, Set.of("id", "type", "endpoint"));
                planned.add(new Planned(type.equals("websocket") ? WEBSOCKET_PID : RAWSOCKET_PID,
                        prefix + "_" + sanitize(id), props, path));
            }
            case "web" -> web(t, path, id);
            default -> findings.unmapped(path, "a transport of type '" + type + "' has no counterpart",
                    type.equals("universal") ? "one websocket and one rawsocket transport on two ports"
                            : "use a websocket, rawsocket or web transport");
        }
    }

    /**
     * The WAMP keys of a websocket or rawsocket transport, or of a web transport's websocket path service:
     * serializers, debug, url, options, auth (with its static principals), cookie.
     */
    private void wampKeys(JsonNode t, String path, String transportId, String type, Map<String, Object> props,
            Set<String> handledElsewhere) {
        for (String key : keys(t)) {
            JsonNode v = t.get(key);
            String p = path + "." + key;
            if (handledElsewhere.contains(key)) {
                continue;
            }
            switch (key) {
                case "serializers" -> props.put("serializers", strings(v, p));
                case "debug" -> props.put("debug", v.asBoolean(false));
                case "url" -> props.put("url", text(v.asText(), p));
                case "max_message_size" -> props.put("options.max_message_size", scalar(v, p));
                case "options" -> {
                    if (type.equals("rawsocket")) {
                        for (String o : keys(v)) {
                            if (o.equals("max_message_size")) {
                                props.put("options.max_message_size", scalar(v.get(o), p + "." + o));
                            } else {
                                findings.unmapped(p + "." + o, "not a RawSocket option Junction knows", null);
                            }
                        }
                    } else {
                        websocketOptions(v, p, props);
                    }
                }
                case "auth" -> auth(v, p, transportId, props);
                case "cookie" -> {
                    if (type.equals("rawsocket")) {
                        findings.unmapped(p, "cookies need HTTP: Crossbar refuses them on RawSocket too", null);
                    } else {
                        cookie(v, p, props);
                    }
                }
                default -> findings.unmapped(p, "has no counterpart", null);
            }
        }
    }

    private boolean listeningEndpoint(JsonNode e, String path, Map<String, Object> props) {
        if (!e.isObject()) {
            findings.error(path, "a listening transport needs an endpoint");
            return false;
        }
        String type = e.path("type").asText("tcp");
        if (!type.equals("tcp") && !type.equals("unix")) {
            findings.unmapped(path + ".type", "a '" + type + "' endpoint has no counterpart", "use tcp or unix");
            return false;
        }
        props.put("endpoint.type", type);
        if (type.equals("tcp") && !e.has("interface")) {
            // Crossbar listens on every interface unless told otherwise; Junction's own default is 127.0.0.1.
            props.put("endpoint.interface", "");
            findings.note(path, "no interface: listens on all interfaces, as Crossbar does (Junction's own "
                    + "default is 127.0.0.1)");
        }
        for (String key : keys(e)) {
            JsonNode v = e.get(key);
            String p = path + "." + key;
            switch (key) {
                case "type" -> {
                }
                case "port" -> props.put("endpoint.port", integerOrText(v, p));
                case "interface" -> props.put("endpoint.interface", text(v.asText(), p));
                case "backlog" -> props.put("endpoint.backlog", scalar(v, p));
                case "path" -> props.put("endpoint.path", resolvePath(text(v.asText(), p)));
                case "tls" -> {
                    for (String tkey : keys(v)) {
                        JsonNode tv = v.get(tkey);
                        String tp = p + "." + tkey;
                        if (TLS_PATH_KEYS.contains(tkey)) {
                            props.put("endpoint.tls." + tkey, tv.isArray() ? paths(tv, tp)
                                    : resolvePath(text(tv.asText(), tp)));
                        } else if (tkey.equals("ciphers")) {
                            props.put("endpoint.tls.ciphers", text(tv.asText(), tp));
                        } else {
                            findings.unmapped(tp, "not a TLS key Junction knows", null);
                        }
                    }
                }
                case "version" -> {
                    if (v.asInt(4) == 6) {
                        findings.unmapped(p, "an IPv6-only listener", "set the interface to an IPv6 address, "
                                + "e.g. ::");
                    } else {
                        findings.note(p, "IPv4 follows from the interface; not needed");
                    }
                }
                case "portrange", "shared", "user_timeout" -> findings.unmapped(p, "not supported by Junction's "
                        + "endpoints", key.equals("portrange") ? "give a port" : null);
                default -> findings.unmapped(p, ENDPOINT_KEYS.contains(key) ? "not used by a listening endpoint"
                        : "has no counterpart", null);
            }
        }
        return true;
    }

    private void websocketOptions(JsonNode options, String path, Map<String, Object> props) {
        for (String key : keys(options)) {
            JsonNode v = options.get(key);
            String p = path + "." + key;
            if (!WEBSOCKET_OPTIONS.contains(key)) {
                findings.unmapped(p, "not a WebSocket option Junction knows", null);
            } else if (key.equals("compression")) {
                JsonNode deflate = v.path("deflate");
                if (!deflate.isObject()) {
                    findings.unmapped(p, "only deflate compression has a counterpart", null);
                    continue;
                }
                props.put("options.compression", "deflate");
                for (String d : keys(deflate)) {
                    if (DEFLATE_OPTIONS.contains(d)) {
                        props.put("options.compression.deflate." + d, scalar(deflate.get(d), p + ".deflate." + d));
                    } else {
                        findings.unmapped(p + ".deflate." + d, "not a deflate option Junction knows", null);
                    }
                }
            } else if (v.isArray()) {
                props.put("options." + key, strings(v, p));
            } else {
                props.put("options." + key, scalar(v, p));
            }
        }
    }

    private void cookie(JsonNode c, String path, Map<String, Object> props) {
        if (!c.has("store")) {
            // Crossbar's code reads the store unconditionally; memory is what its docs promise.
            props.put("cookie.store.type", "memory");
        }
        for (String key : keys(c)) {
            JsonNode v = c.get(key);
            String p = path + "." + key;
            if (!COOKIE_KEYS.contains(key)) {
                findings.unmapped(p, "not a cookie key Junction knows", null);
            } else if (key.equals("store")) {
                String type = v.path("type").asText("memory");
                if (type.equals("database")) {
                    findings.unmapped(p + ".type", "the LMDB cookie store has no counterpart; a file store is used",
                            null);
                    type = "file";
                }
                props.put("cookie.store.type", type);
                if (v.has("filename")) {
                    props.put("cookie.store.filename", resolvePath(text(v.get("filename").asText(), p + ".filename")));
                } else if (v.has("path")) {
                    props.put("cookie.store.filename", resolvePath(text(v.get("path").asText(), p + ".path"))
                            + "/cookies.dat");
                }
                if (v.has("purge_on_startup")) {
                    props.put("cookie.store.purge_on_startup", v.get("purge_on_startup").asBoolean(false));
                }
            } else {
                props.put("cookie." + key, scalar(v, p));
            }
        }
    }

    // ---- authentication ----

    private void auth(JsonNode auth, String path, String transportId, Map<String, Object> props) {
        for (String method : keys(auth)) {
            JsonNode m = auth.get(method);
            String p = path + "." + method;
            String type = m.path("type").asText("static");
            switch (method) {
                case "anonymous" -> {
                    if (!type.equals("static")) {
                        findings.unmapped(p + ".type", "anonymous authentication of type " + type,
                                "use static, with a role");
                        continue;
                    }
                    props.put("auth.anonymous.type", "static");
                    for (String key : keys(m)) {
                        switch (key) {
                            case "type" -> {
                            }
                            case "role" -> props.put("auth.anonymous.role", text(m.get(key).asText(), p + ".role"));
                            default -> findings.unmapped(p + "." + key, "has no counterpart for anonymous", null);
                        }
                    }
                }
                case "ticket", "wampcra", "cryptosign", "tls" -> credentialMethod(m, p, method, type, transportId,
                        props);
                case "cookie" -> {
                    props.put("auth.cookie.type", "static");
                    keys(m).forEach(k -> findings.unmapped(p + "." + k, "cookie authentication takes no settings",
                            null));
                }
                default -> findings.unmapped(p, "the authentication method '" + method + "' has no counterpart",
                        "use ticket, wampcra, cryptosign, tls, cookie or anonymous");
            }
        }
    }

    private void credentialMethod(JsonNode m, String path, String method, String type, String transportId,
            Map<String, Object> props) {
        switch (type) {
            case "static" -> props.put("auth." + method + ".type", "static");
            case "dynamic" -> {
                props.put("auth." + method + ".type", "dynamic");
                if (!m.path("authenticator").isTextual()) {
                    findings.error(path + ".authenticator", "a dynamic method needs an authenticator procedure");
                    props.remove("auth." + method + ".type");
                    return;
                }
            }
            default -> {
                findings.unmapped(path + ".type", "authenticators of type '" + type + "' run Python code",
                        "register the authenticator as a WAMP procedure and use type dynamic");
                return;
            }
        }
        String principalsKey = method.equals("wampcra") ? "users" : "principals";
        for (String key : keys(m)) {
            JsonNode v = m.get(key);
            String p = path + "." + key;
            switch (key) {
                case "type" -> {
                }
                case "authenticator" -> props.put("auth." + method + ".authenticator", text(v.asText(), p));
                case "authenticator-realm" -> props.put("auth." + method + ".authenticator-realm",
                        text(v.asText(), p));
                case "authenticator-role", "default-role" -> findings.unmapped(p, "has no counterpart: the "
                        + "authenticator is called as the router's trusted session, and its answer must name "
                        + "the role", null);
                case "trustroots" -> findings.unmapped(p, "certificate trust roots for cryptosign",
                        "list the authorized_keys of each principal");
                default -> {
                    if (key.equals(principalsKey) || (method.equals("wampcra") && key.equals("principals"))) {
                        principals(v, p, method, transportId);
                    } else {
                        findings.unmapped(p, "has no counterpart", null);
                    }
                }
            }
        }
    }

    private void principals(JsonNode principals, String path, String method, String transportId) {
        for (String authid : keys(principals)) {
            JsonNode pr = principals.get(authid);
            String p = path + "." + authid;
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("authid", authid);
            props.put("transports", new String[] { transportId });
            boolean ok = true;
            for (String key : keys(pr)) {
                JsonNode v = pr.get(key);
                String kp = p + "." + key;
                switch (key) {
                    case "role" -> props.put("role", text(v.asText(), kp));
                    case "realm" -> props.put("realm", text(v.asText(), kp));
                    case "ticket", "secret", "salt" -> props.put(key, text(v.asText(), kp));
                    case "iterations", "keylen" -> props.put(key, scalar(v, kp));
                    case "authorized_keys" -> props.put("authorized_keys", strings(v, kp));
                    case "certificate-sha1" -> props.put("certificate_fingerprints",
                            new String[] { text(v.asText(), kp) });
                    default -> findings.unmapped(kp, "has no counterpart for a " + method + " principal", null);
                }
            }
            if (!props.containsKey("role")) {
                findings.error(p, "a principal needs a role");
                ok = false;
            }
            if (ok) {
                planned.add(new Planned(PRINCIPAL_PID, prefix + "_" + sanitize(transportId) + "_" + method + "_"
                        + sanitize(authid), props, p));
            }
        }
    }

    // ---- web transport ----

    private void web(JsonNode t, String path, String id) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("id", id);
        if (!listeningEndpoint(t.path("endpoint"), path + ".endpoint", props)) {
            return;
        }
        for (String key : keys(t)) {
            JsonNode v = t.get(key);
            String p = path + "." + key;
            switch (key) {
                case "id", "type", "endpoint" -> {
                }
                case "paths" -> {
                    for (String route : keys(v)) {
                        webPath(v.get(route), p + "." + route, id, route.equals("/") ? "/" : "/" + route);
                    }
                }
                case "options" -> {
                    for (String o : keys(v)) {
                        if (Set.of("access_log", "hsts", "hsts_max_age", "client_timeout", "display_tracebacks")
                                .contains(o)) {
                            props.put("options." + o, scalar(v.get(o), p + "." + o));
                        } else {
                            findings.unmapped(p + "." + o, "not a web option Junction knows", null);
                        }
                    }
                }
                default -> findings.unmapped(p, "has no counterpart", null);
            }
        }
        planned.add(new Planned(WEB_PID, prefix + "_" + sanitize(id), props, path));
    }

    private void webPath(JsonNode service, String path, String transportId, String route) {
        String type = service.path("type").asText("");
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("transport", transportId);
        props.put("path", route);
        props.put("type", type);
        Set<String> common = Set.of("type");
        switch (type) {
            case "websocket" -> wampKeys(service, path, transportId, "websocket", props, common);
            case "static" -> {
                for (String key : keys(service)) {
                    JsonNode v = service.get(key);
                    String p = path + "." + key;
                    switch (key) {
                        case "type" -> {
                        }
                        case "directory" -> props.put("directory", resolvePath(text(v.asText(), p)));
                        case "options" -> {
                            for (String o : keys(v)) {
                                JsonNode ov = v.get(o);
                                switch (o) {
                                    case "enable_directory_listing", "cache_timeout" -> props.put("options." + o,
                                            scalar(ov, p + "." + o));
                                    case "mime_types" -> {
                                        List<String> lines = new ArrayList<>();
                                        keys(ov).forEach(ext -> lines.add(ext + "=" + ov.get(ext).asText()));
                                        props.put("options.mime_types", lines.toArray(String[]::new));
                                    }
                                    default -> findings.unmapped(p + "." + o, "not a static option Junction knows",
                                            null);
                                }
                            }
                        }
                        case "package", "resource" -> {
                            findings.unmapped(p, "files from a Python package", "copy them to a directory");
                            return;
                        }
                        default -> findings.unmapped(p, "has no counterpart", null);
                    }
                }
            }
            case "redirect" -> props.put("url", text(service.path("url").asText(), path + ".url"));
            case "json" -> props.put("value", service.path("value").toString());
            case "nodeinfo" -> {
            }
            case "publisher", "caller", "webhook" -> {
                for (String key : keys(service)) {
                    JsonNode v = service.get(key);
                    String p = path + "." + key;
                    switch (key) {
                        case "type" -> {
                        }
                        case "realm", "role" -> props.put(key, text(v.asText(), p));
                        case "options" -> {
                            for (String o : keys(v)) {
                                if (BRIDGE_OPTIONS.contains(o)) {
                                    props.put("options." + o, v.get(o).isArray() ? strings(v.get(o), p + "." + o)
                                            : scalar(v.get(o), p + "." + o));
                                } else {
                                    findings.unmapped(p + "." + o, "not a bridge option Junction knows", null);
                                }
                            }
                        }
                        default -> findings.unmapped(p, "has no counterpart", null);
                    }
                }
            }
            default -> {
                findings.unmapped(path, "a '" + type + "' path service has no counterpart",
                        "serve it from another HTTP server next to Junction");
                return;
            }
        }
        planned.add(new Planned(WEB_PATH_PID, prefix + "_" + sanitize(transportId) + "_path_"
                + (route.equals("/") ? "root" : sanitize(route.substring(1))), props, path));
    }

    // ---- values ----

    /** A string with environment references resolved; an unset variable is an error and leaves "" in place. */
    private String text(String value, String path) {
        try {
            return variables.resolve(value);
        } catch (Variables.Unset e) {
            findings.error(path, e.getMessage() + "; the key is left empty");
            return "";
        }
    }

    /** A scalar as ConfigAdmin holds it: Boolean, Integer, Long, Double or String. */
    private Object scalar(JsonNode v, String path) {
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isInt()) {
            return v.asInt();
        }
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isTextual()) {
            return text(v.asText(), path);
        }
        findings.error(path, "expected a single value, found " + v.getNodeType().toString().toLowerCase(Locale.ROOT));
        return "";
    }

    /** A port may be a number or {@code "$PORT"}: a resolved number becomes an Integer. */
    private Object integerOrText(JsonNode v, String path) {
        Object s = scalar(v, path);
        if (s instanceof String str && str.matches("\\d{1,9}")) {
            return Integer.valueOf(str);
        }
        return s;
    }

    private String[] strings(JsonNode v, String path) {
        if (v.isTextual()) {
            return new String[] { text(v.asText(), path) };
        }
        if (!v.isArray()) {
            findings.error(path, "expected a list");
            return new String[0];
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            out.add(text(v.get(i).asText(), path + "[" + i + "]"));
        }
        return out.toArray(String[]::new);
    }

    private String[] paths(JsonNode v, String path) {
        String[] raw = strings(v, path);
        for (int i = 0; i < raw.length; i++) {
            raw[i] = resolvePath(raw[i]);
        }
        return raw;
    }

    /** Crossbar resolves relative paths against the node directory. */
    private String resolvePath(String p) {
        if (p.isEmpty()) {
            return p;
        }
        return nodeDir.resolve(p).normalize().toString();
    }

    private void eachOf(JsonNode list, String path, java.util.function.BiConsumer<JsonNode, String> each) {
        if (!list.isArray()) {
            findings.error(path, "must be a list");
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            each.accept(list.get(i), path + "[" + i + "]");
        }
    }

    private static List<String> keys(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null && node.isObject()) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
                out.add(it.next());
            }
        }
        return out;
    }

    /** Instance names keep letters, digits and underscores only. */
    static String sanitize(String s) {
        String out = s.replaceAll("[^A-Za-z0-9_]", "_");
        return out.isEmpty() ? "_" : out;
    }
}
