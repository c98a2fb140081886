package dev.junction.router.internal;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.junction.api.UriCheck;
import dev.junction.spi.config.ConfigValidator;

/**
 * One realm per factory configuration of {@code dev.junction.realm}. Creating a configuration makes the realm
 * joinable at once; changing it applies to new sessions and new messages; deleting it closes the realm's sessions
 * with GOODBYE {@code wamp.close.close_realm}.
 */
@Component(configurationPid = RealmComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = {})
@Designate(ocd = RealmComponent.Config.class, factory = true)
public final class RealmComponent {
    static final String PID = "dev.junction.realm";
    private static final Logger LOG = LoggerFactory.getLogger(RealmComponent.class);
    /** Crossbar's (autobahn's) realm name rule. */
    private static final Pattern REALM_NAME = Pattern.compile("^[A-Za-z][A-Za-z\\d_\\-@.]{2,254}$");

    @ObjectClassDefinition(name = "Junction realm", description = "A WAMP realm: a routing namespace that "
            + "clients join by name in HELLO.")
    @interface Config {
        @AttributeDefinition(name = "Name", description = "The realm's URI as clients send it in HELLO "
                + "(a letter, then 2 to 254 letters, digits or _ - @ .).")
        String name();

        @AttributeDefinition(name = "URI check", description = "The URI rule for topics and procedures: strict "
                + "(lower-case letters, digits and _ in each component) or loose (no whitespace, '.' or '#' in a "
                + "component).", options = { @Option(label = "strict", value = "strict"),
                        @Option(label = "loose", value = "loose") })
        String uri__check() default "strict";

        @AttributeDefinition(name = "Meta API", description = "Answer the wamp.session.*, wamp.registration.* "
                + "and wamp.subscription.* meta procedures and publish their meta events.")
        boolean enable__meta__api() default true;

        @AttributeDefinition(name = "Event history", description = "Topics whose publications are kept for "
                + "wamp.subscription.get_events, each as topic=limit (exact topic URI, 1..100000 publications), "
                + "for example com.example.log=100. Kept in memory.", required = false)
        String[] event__history();

        @AttributeDefinition(name = "Outbound policy", description = "What happens to an EVENT for a subscriber "
                + "whose outbound queue is full: drop (the newest events for that subscriber are dropped, counted "
                + "and logged) or disconnect (the subscriber's connection is closed with 1008 'outbound queue full').",
                options = { @Option(label = "drop", value = "drop"),
                        @Option(label = "disconnect", value = "disconnect") })
        String outbound_policy() default "drop";

        @AttributeDefinition(name = "Outbound queue bytes", min = "1024", description = "Bound of each session's "
                + "outbound queue in bytes of encoded messages (1024..2147483647). Replies to the session's own "
                + "requests may use twice this; beyond that the session is disconnected.")
        int outbound_max__bytes() default (int) OutboundLimits.DEFAULT_MAX_BYTES;

        @AttributeDefinition(name = "Outbound queue messages", min = "1", description = "Bound of each session's "
                + "outbound queue in messages (1..2147483647).")
        int outbound_max__messages() default OutboundLimits.DEFAULT_MAX_MESSAGES;

        @AttributeDefinition(name = "Max pending calls", min = "0", description = "Calls one session may have in "
                + "flight as caller; one more gets ERROR junction.error.too_many_pending_calls. 0 = unlimited.")
        int max__pending__calls() default RealmSettings.DEFAULT_MAX_PENDING_CALLS;

        String webconsole_configurationFactory_nameHint() default "Realm {name}";
    }

    private final RealmRegistry registry;
    private final BundleContext bundleContext;
    private String pid;
    private boolean registered;

    @Activate
    public RealmComponent(@Reference RealmRegistry registry, BundleContext bundleContext,
            Map<String, Object> properties) {
        this.registry = registry;
        this.bundleContext = bundleContext;
        apply(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        apply(properties);
    }

    @Deactivate
    void deactivate() {
        // When the router bundle itself stops, the router closes every session with wamp.close.system_shutdown;
        // a realm removal here would wrongly tell them close_realm first.
        if (registered && bundleContext.getBundle().getState() != Bundle.STOPPING) {
            registry.removeRealm(pid);
        }
    }

    private void apply(Map<String, Object> properties) {
        pid = String.valueOf(properties.get("service.pid"));
        RealmSettings settings = settings(pid, properties);
        String problem = settings == null ? null : registry.putRealm(pid, settings);
        if (settings == null || problem != null) {
            if (problem != null) {
                LOG.error(ConfigValidator.refusal(pid, "name=" + settings.name() + ", " + problem));
            }
            if (registered) {
                registry.removeRealm(pid);
                registered = false;
            }
            return;
        }
        registered = true;
    }

    /** The validated settings, or {@code null} after logging why the configuration is refused. */
    static RealmSettings settings(String pid, Map<String, ?> properties) {
        ConfigValidator v = new ConfigValidator(pid, properties);
        String name = v.string("name", null);
        if (name == null || !REALM_NAME.matcher(name).matches()) {
            v.error("name", name, "allowed a letter, then 2 to 254 letters, digits or _ - @ .");
        }
        String uriCheck = v.oneOf("uri_check", "strict", "strict", "loose");
        boolean metaApi = v.bool("enable_meta_api", true);
        Map<String, Integer> eventHistory = new java.util.LinkedHashMap<>();
        for (String entry : v.list("event_history", List.of())) {
            int eq = entry.lastIndexOf('=');
            Integer limit = null;
            try {
                limit = eq > 0 ? Integer.valueOf(entry.substring(eq + 1).trim()) : null;
            } catch (NumberFormatException notANumber) {
                // reported below
            }
            String topic = eq > 0 ? entry.substring(0, eq).trim() : entry;
            if (limit == null || limit < 1 || limit > 100_000 || !UriCheck.LOOSE.isValid(topic)) {
                v.error("event_history", entry, "allowed topic=limit with a topic URI and a limit of 1..100000");
            } else {
                eventHistory.put(topic, limit);
            }
        }
        String policy = v.oneOf("outbound.policy", OutboundLimits.DEFAULTS.policy().option(),
                OutboundLimits.Policy.DROP.option(), OutboundLimits.Policy.DISCONNECT.option());
        int maxBytes = v.integer("outbound.max_bytes", (int) OutboundLimits.DEFAULT_MAX_BYTES, 1024,
                Integer.MAX_VALUE);
        int maxMessages = v.integer("outbound.max_messages", OutboundLimits.DEFAULT_MAX_MESSAGES, 1,
                Integer.MAX_VALUE);
        int maxPendingCalls = v.integer("max_pending_calls", RealmSettings.DEFAULT_MAX_PENDING_CALLS, 0,
                Integer.MAX_VALUE);
        if (!v.ok()) {
            LOG.error(v.summary());
            return null;
        }
        OutboundLimits outbound = new OutboundLimits(
                OutboundLimits.Policy.valueOf(policy.toUpperCase(java.util.Locale.ROOT)), maxBytes, maxMessages);
        return new RealmSettings(name, UriCheck.fromOption(uriCheck), metaApi, eventHistory, outbound,
                maxPendingCalls);
    }
}
