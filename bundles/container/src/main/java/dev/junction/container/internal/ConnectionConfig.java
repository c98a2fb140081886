package dev.junction.container.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;

/**
 * The Metatype attributes every connecting transport type shares: each type's {@code Config} extends this
 * interface (bnd takes inherited methods into the object class definition) and adds its own. Values are read from
 * the configuration map by {@link ConnectionSettings}, which checks them.
 */
interface ConnectionConfig {
    @AttributeDefinition(name = "Id", required = false, description = "Components name it in their "
            + "junction.connection property. Default: the configuration's instance name.")
    String id();

    @AttributeDefinition(name = "Realm", description = "The realm the components join.")
    String realm();

    @AttributeDefinition(name = "Serializers", required = false, defaultValue = { "json", "msgpack" },
            description = "Serializer names in order of preference (comma separated in a .cfg file).")
    String[] serializers();

    @AttributeDefinition(name = "Connect timeout (s)", min = "1", max = "600", defaultValue = "10",
            description = "Bound for connecting and for joining.")
    int endpoint_timeout();

    @AttributeDefinition(name = "TLS: CA certificates", required = false, description = "PEM files of the CAs to "
            + "trust (default: the JDK's trust store).")
    String[] endpoint_tls_ca__certificates();

    @AttributeDefinition(name = "TLS: client certificate", required = false, description = "PEM file, for a router "
            + "that verifies client certificates.")
    String endpoint_tls_certificate();

    @AttributeDefinition(name = "TLS: client key", required = false, description = "The client certificate's key, "
            + "a PEM file (PKCS#8, or PKCS#1 RSA).")
    String endpoint_tls_key();

    @AttributeDefinition(name = "Auto-ping interval (ms)", defaultValue = "10000", description = "After this long "
            + "without hearing from the router, ping it; 0 never pings.")
    int options_auto__ping__interval();

    @AttributeDefinition(name = "Auto-ping timeout (ms)", defaultValue = "5000", description = "Drop the connection "
            + "(and reconnect) when the router stays silent this long after a ping.")
    int options_auto__ping__timeout();

    @AttributeDefinition(name = "Authid", required = false, description = "The authid for ticket, wampcra or "
            + "cryptosign; without credentials the components join as anonymous.")
    String authid();

    @AttributeDefinition(name = "Ticket", required = false, type = AttributeType.PASSWORD,
            description = "Offer ticket authentication with this ticket.")
    String auth_ticket_ticket();

    @AttributeDefinition(name = "WAMP-CRA secret", required = false, type = AttributeType.PASSWORD,
            description = "Offer wampcra with this secret.")
    String auth_wampcra_secret();

    @AttributeDefinition(name = "Cryptosign private key", required = false, type = AttributeType.PASSWORD,
            description = "Offer cryptosign with this Ed25519 private key (64 hex digits).")
    String auth_cryptosign_private__key();

    @AttributeDefinition(name = "Max retries", min = "-1", defaultValue = "-1", description = "Failed attempts in a "
            + "row before giving up; -1 never gives up.")
    int retry_max__retries();

    @AttributeDefinition(name = "Initial retry delay (s)", defaultValue = "1.0",
            description = "Delay before the first retry.")
    double retry_initial__retry__delay();

    @AttributeDefinition(name = "Max retry delay (s)", defaultValue = "300", description = "Upper bound of the delay.")
    double retry_max__retry__delay();

    @AttributeDefinition(name = "Retry delay growth", defaultValue = "1.5",
            description = "Each delay is this many times the last.")
    double retry_retry__delay__growth();

    @AttributeDefinition(name = "Retry delay jitter", defaultValue = "0.1",
            description = "Each delay varies by up to this fraction.")
    double retry_retry__delay__jitter();
}
