package dev.junction.auth.principals.internal;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.junction.spi.auth.Principal;
import dev.junction.spi.config.ConfigValidator;

/**
 * One static principal: one factory configuration {@code dev.junction.auth.principal}. Validated here; a refused one
 * is logged (without its secrets) and offers no principal, so it can never be used half-configured.
 */
@Component(service = ConfiguredPrincipal.class, configurationPid = PrincipalConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = PrincipalConfiguration.Config.class, factory = true)
public final class PrincipalConfiguration implements ConfiguredPrincipal {
    static final String PID = "dev.junction.auth.principal";
    private static final Logger LOG = LoggerFactory.getLogger(PrincipalConfiguration.class);

    @ObjectClassDefinition(name = "Junction principal", description = "A static principal: an authid, the realm "
            + "and role it gets, and the secret of each authentication method it may use (ticket, wampcra, "
            + "cryptosign, tls). Reference secrets from the environment (${env:NAME}) rather than storing them in clear.")
    @interface Config {
        @AttributeDefinition(name = "authid", description = "The authid the client announces in HELLO.")
        String authid();

        @AttributeDefinition(name = "Realm", required = false, description = "The realm it may join; empty for any "
                + "realm.")
        String realm() default "";

        @AttributeDefinition(name = "Role", description = "The authrole it gets.")
        String role();

        @AttributeDefinition(name = "Ticket", type = AttributeType.PASSWORD, required = false,
                description = "Ticket for the ticket method; empty: no ticket authentication.")
        String ticket() default "";

        @AttributeDefinition(name = "WAMP-CRA secret", type = AttributeType.PASSWORD, required = false,
                description = "Secret for the wampcra method (with a salt: the derived key); empty: no WAMP-CRA.")
        String secret() default "";

        @AttributeDefinition(name = "WAMP-CRA salt", required = false, description = "With a salt, the secret is "
                + "the derived key, as in Crossbar: Base64 of PBKDF2-HMAC-SHA256(password, salt, iterations, keylen) "
                + "(autobahn's derive_key); the client derives it from its password.")
        String salt() default "";

        @AttributeDefinition(name = "PBKDF2 iterations", min = "1", required = false)
        int iterations() default 1000;

        @AttributeDefinition(name = "PBKDF2 key length (bytes)", min = "1", max = "1024", required = false)
        int keylen() default 32;

        @AttributeDefinition(name = "Authorized keys", required = false, description = "Ed25519 public keys for "
                + "cryptosign, 64 hex digits each.")
        String[] authorized__keys() default {};

        @AttributeDefinition(name = "Certificate fingerprints", required = false, description = "SHA-256 or SHA-1 "
                + "fingerprints of the TLS client certificates this principal may present (tls method), hex digits "
                + "with or without colons (openssl x509 -noout -fingerprint -sha256). Crossbar: certificate-sha1.")
        String[] certificate__fingerprints() default {};

        @AttributeDefinition(name = "Transports", required = false, description = "Transport ids the principal is "
                + "valid on; empty for every transport.")
        String[] transports() default {};

        String webconsole_configurationFactory_nameHint() default "{authid} ({role}@{realm})";
    }

    private final Principal principal;

    @Activate
    public PrincipalConfiguration(Map<String, Object> properties) {
        String pid = String.valueOf(properties.getOrDefault("service.pid", PID));
        this.principal = parse(pid, properties);
    }

    @Override
    public Principal principal() {
        return principal;
    }

    /** The principal, or {@code null} (logged) when the configuration is refused. */
    static Principal parse(String pid, Map<String, ?> properties) {
        ConfigValidator v = new ConfigValidator(pid, properties);
        String authid = v.string("authid", "");
        if (authid.isEmpty()) {
            v.error("authid", v.raw("authid"), "required, a non-empty string");
        }
        String realm = v.string("realm", "");
        String role = v.string("role", "");
        if (role.isEmpty()) {
            v.error("role", v.raw("role"), "required, a non-empty string");
        }
        // Secrets are read with string() but never handed to error(): a refusal must not print them.
        String ticket = secret(properties, "ticket");
        String secret = secret(properties, "secret");
        String salt = v.string("salt", "");
        int iterations = v.integer("iterations", 1000, 1, 100_000_000);
        int keylen = v.integer("keylen", 32, 1, 1024);
        List<String> keys = new ArrayList<>();
        for (String key : v.list("authorized_keys", List.of())) {
            String hex = key.toLowerCase(Locale.ROOT);
            if (hex.length() != 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                v.error("authorized_keys", key, "allowed Ed25519 public keys as 64 hex digits");
            } else {
                HexFormat.of().parseHex(hex);
                keys.add(hex);
            }
        }
        List<String> fingerprints = new ArrayList<>();
        for (String fingerprint : v.list("certificate_fingerprints", List.of())) {
            String hex = fingerprint.replace(":", "").toLowerCase(Locale.ROOT);
            if ((hex.length() != 64 && hex.length() != 40) || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                v.error("certificate_fingerprints", fingerprint,
                        "allowed SHA-256 (64 hex digits) or SHA-1 (40 hex digits) fingerprints, colons optional");
            } else {
                fingerprints.add(hex);
            }
        }
        List<String> transports = v.list("transports", List.of());
        if (ticket == null && secret == null && keys.isEmpty() && fingerprints.isEmpty()) {
            v.error("ticket", "(none)",
                    "a principal needs at least one of ticket, secret, authorized_keys, certificate_fingerprints");
        }
        if (!salt.isEmpty() && secret == null) {
            v.error("salt", salt, "a salt needs a WAMP-CRA secret");
        }
        if (!v.ok()) {
            LOG.error(v.summary() + "; the principal is not available");
            return null;
        }
        Principal p = new Principal(authid, realm.isEmpty() ? null : realm, role, ticket, secret,
                salt.isEmpty() ? null : salt, iterations, keylen, keys, transports, fingerprints);
        LOG.info("Principal {} configured ({})", authid, pid);
        return p;
    }

    private static String secret(Map<String, ?> properties, String key) {
        Object value = properties.get(key);
        if (value == null) {
            return null;
        }
        String s = value.toString();
        return s.isEmpty() ? null : s;
    }
}
