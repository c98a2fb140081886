package dev.junction.router.internal;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.junction.api.UriCheck;
import dev.junction.spi.call.InternalCaller;
import dev.junction.spi.config.ConfigValidator;

/**
 * One role of a realm per factory configuration of {@code dev.junction.realm.role}. A realm with no role is open to
 * every joined session; adding the first role closes it to everything its roles do not allow. Changes apply to the
 * next message of every session, joined or not.
 */
@Component(configurationPid = RoleComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = {})
@Designate(ocd = RoleComponent.Config.class, factory = true)
public final class RoleComponent {
    static final String PID = "dev.junction.realm.role";
    private static final Logger LOG = LoggerFactory.getLogger(RoleComponent.class);

    @ObjectClassDefinition(name = "Junction realm role", description = "A role of a realm and what its sessions "
            + "may do. Once a realm has a role, sessions may do only what their role allows.")
    @interface Config {
        @AttributeDefinition(name = "Realm", description = "The realm's name, as in its dev.junction.realm "
                + "configuration.")
        String realm();

        @AttributeDefinition(name = "Name", description = "The role's name (authrole); 'trusted' is reserved.")
        String name();

        @AttributeDefinition(name = "Permissions", description = "One rule per entry: <uri> [match=exact|prefix|"
                + "wildcard] [allow=call,register,publish,subscribe|all|none] [disclose=caller,publisher] "
                + "[conceal=caller,publisher] [cache=true|false]. Without match=, 'com.example.*' is a prefix, "
                + "'com.*.get' a wildcard, no '*' exact. In one string, separate rules with ';'.",
                cardinality = 1000)
        String[] permissions() default {};

        @AttributeDefinition(name = "Authorizer", required = false, description = "Instead of permissions: the "
                + "URI of a procedure on this realm that decides, called as authorizer(session, uri, action, "
                + "options) and answering a boolean or {allow, disclose, cache}.")
        String authorizer() default "";

        @AttributeDefinition(name = "Authorizer timeout (ms)", min = "1", description = "How long the authorizer "
                + "may take; then the action gets wamp.error.authorization_failed.")
        int authorizer_timeout() default 5000;

        String webconsole_configurationFactory_nameHint() default "Role {name} of realm {realm}";
    }

    private final RealmRegistry registry;
    private final InternalCaller caller;
    private String pid;
    private boolean registered;

    @Activate
    public RoleComponent(@Reference RealmRegistry registry, Map<String, Object> properties) {
        this.registry = registry;
        this.caller = registry.internalCaller();
        apply(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        apply(properties);
    }

    @Deactivate
    void deactivate() {
        if (registered) {
            registry.removeRole(pid);
        }
    }

    private void apply(Map<String, Object> properties) {
        pid = String.valueOf(properties.get("service.pid"));
        ConfigValidator v = new ConfigValidator(pid, properties);
        String realm = v.string("realm", null);
        if (realm == null || realm.isBlank()) {
            v.error("realm", realm, "allowed the name of a realm");
        }
        String name = v.string("name", null);
        if (name == null || name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
            v.error("name", name, "allowed a role name without whitespace");
        } else if (RealmRoles.TRUSTED.equals(name)) {
            v.error("name", name, "'trusted' is reserved: it may always do everything");
        }
        List<Permission> permissions = new ArrayList<>();
        for (String line : lines(properties.get("permissions"))) {
            try {
                permissions.add(Permission.parse(line));
            } catch (IllegalArgumentException e) {
                v.error("permissions", line, e.getMessage());
            }
        }
        if (!v.ok()) {
            refuse(v.summary(), realm, name, v.has("realm") && v.has("name")
                    && v.errors().stream().noneMatch(e -> e.startsWith("realm=") || e.startsWith("name=")));
            return;
        }
        String authorizer = v.string("authorizer", "");
        int timeout = v.integer("authorizer.timeout", 5000, 1, Integer.MAX_VALUE);
        if (!authorizer.isBlank() && !permissions.isEmpty()) {
            v.error("authorizer", authorizer, "a role has either permissions or an authorizer, not both");
        } else if (!authorizer.isBlank() && !UriCheck.LOOSE.isValid(authorizer)) {
            v.error("authorizer", authorizer, "allowed a procedure URI");
        }
        if (!v.ok()) {
            refuse(v.summary(), realm, name, true);
            return;
        }
        Role role = authorizer.isBlank() ? new StaticRole(name, permissions)
                : new DynamicRole(name, realm, authorizer, timeout, caller);
        String problem = registry.putRole(pid, realm, role);
        if (problem != null) {
            LOG.error(ConfigValidator.refusal(pid, "name=" + name + ", " + problem));
            if (registered) {
                registry.removeRole(pid);
                registered = false;
            }
            return;
        }
        registered = true;
    }

    /**
     * A refused role fails closed: an update keeps the rules applied before; a new role whose realm and name are
     * valid is installed without rules, so its sessions may do nothing (and its realm is no longer open) until the
     * configuration is fixed.
     */
    private void refuse(String summary, String realm, String name, boolean identityValid) {
        if (registered) {
            LOG.error("{}; the role keeps its previous rules", summary);
        } else if (identityValid && registry.putRole(pid, realm, new StaticRole(name, List.of())) == null) {
            registered = true;
            LOG.error("{}; role {} of realm {} may do nothing until this is fixed", summary, name, realm);
        } else {
            LOG.error(summary);
        }
    }

    /**
     * The permission rules: an array or collection (a typed {@code .config} file, the console) with one rule per
     * entry, or one string (a plain {@code .cfg} line) with rules separated by {@code ;} or newlines. Blank entries
     * and entries starting with {@code #} are skipped.
     */
    static List<String> lines(Object value) {
        List<String> raw = new ArrayList<>();
        if (value == null) {
            return raw;
        }
        if (value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                raw.add(String.valueOf(Array.get(value, i)));
            }
        } else if (value instanceof Collection<?> c) {
            c.forEach(item -> raw.add(String.valueOf(item)));
        } else {
            raw.add(String.valueOf(value));
        }
        List<String> lines = new ArrayList<>();
        for (String entry : raw) {
            for (String line : entry.split("[;\\n]")) {
                String trimmed = line.trim();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    lines.add(trimmed);
                }
            }
        }
        return lines;
    }
}
