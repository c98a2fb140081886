package dev.junction.transport.web.internal;

import java.nio.file.Path;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One path service of a web transport: a factory configuration of {@value PathSettings#PID} naming its transport
 * ({@code transport} = the web transport's id), its URL {@code path} and {@code type}, with the type's keys
 * flattened (Metatype cannot hold Crossbar's nested {@code paths} dict). Registered as a service for the web
 * transports to pick up; a refused configuration is logged once (PID, key, value, what is allowed) and mounts
 * nothing. A changed configuration re-registers, so the transport remounts it.
 */
@Component(name = PathSettings.PID, configurationPid = PathSettings.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true, service = WebPathComponent.class)
@Designate(ocd = WebPathComponent.Config.class, factory = true)
public class WebPathComponent {
    private static final Logger LOG = LoggerFactory.getLogger(WebPathComponent.class);

    @ObjectClassDefinition(name = "Junction web transport path service",
            description = "One entry of a web transport's paths (Crossbar's \"paths\" dict): the URL path, the "
                    + "service type and the type's options, flattened with dots. A websocket path also takes every "
                    + "key of the WebSocket transport except endpoint.* (serializers, options.*, auth.*, "
                    + "max_sessions, debug).")
    @interface Config {
        @AttributeDefinition(name = "Transport", description = "Id of the dev.junction.transport.web "
                + "configuration this path belongs to (its id, by default its instance name).")
        String transport();

        @AttributeDefinition(name = "Path", description = "URL path: / (the root) or e.g. /ws, /app/call. The "
                + "longest configured path that is a prefix of the request's wins.")
        String path();

        @AttributeDefinition(name = "Type", description = "The path service.", options = {
                @Option(label = "Static files", value = "static"), @Option(label = "WAMP WebSocket", value = "websocket"),
                @Option(label = "Redirect", value = "redirect"), @Option(label = "Fixed JSON value", value = "json"),
                @Option(label = "Node info", value = "nodeinfo"),
                @Option(label = "HTTP bridge: publisher", value = "publisher"),
                @Option(label = "HTTP bridge: caller", value = "caller"),
                @Option(label = "HTTP bridge: webhook", value = "webhook") })
        String type();

        @AttributeDefinition(name = "Directory (static)", required = false, description = "Directory to serve; a "
                + "relative one is under Karaf's etc/ (etc/web for directory=web).")
        String directory() default "";

        @AttributeDefinition(name = "Directory listing (static)", required = false,
                description = "List a directory that has no index.html.")
        boolean options_enable__directory__listing() default false;

        @AttributeDefinition(name = "Cache timeout (static)", required = false, min = "0",
                description = "Cache-Control max-age in seconds; 0 sends none.")
        int options_cache__timeout() default PathSettings.DEFAULT_CACHE_TIMEOUT;

        @AttributeDefinition(name = "Extra content types (static)", required = false,
                description = "Lines .ext=type/subtype added to Jetty's table, e.g. .wasm=application/wasm.")
        String[] options_mime__types() default {};

        @AttributeDefinition(name = "URL (redirect)", required = false,
                description = "Where to redirect (302): an absolute URL or a path starting with /.")
        String url() default "";

        @AttributeDefinition(name = "Value (json)", required = false, description = "The JSON value to serve.")
        String value() default "";

        @AttributeDefinition(name = "Realm (bridge)", required = false,
                description = "publisher, caller, webhook: the realm the bridge session joins.")
        String realm() default "";

        @AttributeDefinition(name = "Role (bridge)", required = false, description = "The authrole of the bridge "
                + "session; other than anonymous it needs the junction-auth-anonymous feature.")
        String role() default "anonymous";

        @AttributeDefinition(name = "Key (bridge)", required = false,
                description = "Key of signed requests; with a secret, every request must be signed.")
        String options_key() default "";

        @AttributeDefinition(name = "Secret (bridge)", required = false, type = AttributeType.PASSWORD,
                description = "HMAC-SHA256 secret of signed requests.")
        String options_secret() default "";

        @AttributeDefinition(name = "Require TLS (bridge)", required = false,
                description = "Refuse requests that did not come over TLS (400).")
        boolean options_require__tls() default false;

        @AttributeDefinition(name = "Require IP (bridge)", required = false,
                description = "Networks requests must come from, e.g. 127.0.0.1, 10.0.0.0/8 (others: 400).")
        String[] options_require__ip() default {};

        @AttributeDefinition(name = "POST body limit (bridge)", required = false, min = "0",
                description = "Largest request body in bytes (413 above); 0 = Crossbar's unlimited, bounded at 16 MiB.")
        int options_post__body__limit() default 0;

        @AttributeDefinition(name = "Timestamp delta limit (bridge)", required = false, min = "0",
                description = "Seconds a signed request's timestamp may differ from now (400 beyond); 0 = any.")
        int options_timestamp__delta__limit() default PathSettings.DEFAULT_TIMESTAMP_DELTA_LIMIT;

        @AttributeDefinition(name = "Debug (bridge)", required = false,
                description = "Log every refused request at INFO instead of rate-limited WARN.")
        boolean options_debug() default false;

        @AttributeDefinition(name = "Topic (webhook)", required = false, description = "Where the webhook publishes.")
        String options_topic() default "";

        @AttributeDefinition(name = "Success response (webhook)", required = false)
        String options_success__response() default "OK";

        @AttributeDefinition(name = "Error response (webhook)", required = false)
        String options_error__response() default "NOT OK";

        @AttributeDefinition(name = "GitHub secret (webhook)", required = false, type = AttributeType.PASSWORD,
                description = "Check GitHub's X-Hub-Signature (HMAC-SHA1 of the body) with this secret.")
        String options_github__secret() default "";

        @AttributeDefinition(name = "Name hint", description = "How the console lists this configuration.")
        String webconsole_configurationFactory_nameHint() default "{transport}{path}: {type}";
    }

    private final PathSettings settings;

    @Activate
    public WebPathComponent(Map<String, Object> properties) {
        PathSettings parsed = null;
        try {
            parsed = PathSettings.parse(properties, baseDirectory());
        } catch (PathSettings.RefusedException e) {
            LOG.error(e.getMessage());
        }
        this.settings = parsed;
    }

    /** The validated settings, or {@code null} when the configuration was refused. */
    PathSettings settings() {
        return settings;
    }

    /** Relative directories are under Karaf's etc/ (where Crossbar resolves them under its node directory). */
    static Path baseDirectory() {
        String etc = System.getProperty("karaf.etc");
        return Path.of(etc == null ? "." : etc);
    }
}
