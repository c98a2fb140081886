package dev.junction.router.internal;

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

        String webconsole_configurationFactory_nameHint() default "Realm {name}";
    }

    private final RealmRegistry registry;
    private final BundleContext bundleContext;
    private String pid;
    private boolean registered;

    @Activate
    public RealmComponent(@Reference RealmRegistry registry, BundleContext bundleContext, Config config,
            Map<String, Object> properties) {
        this.registry = registry;
        this.bundleContext = bundleContext;
        apply(config, properties);
    }

    @Modified
    void modified(Config config, Map<String, Object> properties) {
        apply(config, properties);
    }

    @Deactivate
    void deactivate() {
        // When the router bundle itself stops, the router closes every session with wamp.close.system_shutdown;
        // a realm removal here would wrongly tell them close_realm first.
        if (registered && bundleContext.getBundle().getState() != Bundle.STOPPING) {
            registry.removeRealm(pid);
        }
    }

    private void apply(Config config, Map<String, Object> properties) {
        pid = String.valueOf(properties.get("service.pid"));
        String problem = validate(config);
        if (problem == null) {
            problem = registry.putRealm(pid, new RealmSettings(config.name(), UriCheck.fromOption(config.uri__check())));
        }
        if (problem != null) {
            LOG.error("Configuration {} refused: {}", pid, problem);
            if (registered) {
                registry.removeRealm(pid);
                registered = false;
            }
            return;
        }
        registered = true;
    }

    static String validate(Config config) {
        String name = config.name();
        if (name == null || !REALM_NAME.matcher(name).matches()) {
            return "name=" + name + ", allowed: a letter, then 2 to 254 letters, digits or _ - @ .";
        }
        String check = config.uri__check();
        if (!"strict".equals(check) && !"loose".equals(check)) {
            return "uri_check=" + check + ", allowed: strict, loose";
        }
        return null;
    }
}
