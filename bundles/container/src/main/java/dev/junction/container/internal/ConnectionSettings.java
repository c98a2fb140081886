package dev.junction.container.internal;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import dev.junction.client.ClientAuth;
import dev.junction.spi.config.ConfigValidator;

/**
 * A validated {@code dev.junction.connect.websocket} configuration. Crossbar's connecting transport keys (url,
 * serializers, endpoint timeout) plus the realm, the component's credentials, and autobahn's reconnect settings
 * (ApplicationRunner's names and defaults, the delays in seconds).
 */
record ConnectionSettings(String id, URI url, String realm, List<String> serializers, Duration timeout,
        List<ClientAuth> auth, Backoff backoff) {

    static final String PID = "dev.junction.connect.websocket";

    /** The settings, or {@code null} with every problem recorded in {@code v}. */
    static ConnectionSettings parse(ConfigValidator v, String instanceName) {
        String id = v.string("id", instanceName);
        v.oneOf("type", "websocket", "websocket");
        String url = v.string("url", null);
        URI uri = null;
        if (url == null || !(url.startsWith("ws://") || url.startsWith("wss://"))) {
            v.error("url", url, "allowed a ws:// or wss:// URL of the router's WebSocket transport");
        } else {
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                v.error("url", url, "not a URL: " + e.getMessage());
            }
        }
        String realm = v.string("realm", null);
        if (realm == null || realm.isBlank()) {
            v.error("realm", realm, "allowed the name of a realm on that router");
        }
        List<String> serializers = v.list("serializers", List.of("json", "msgpack"));
        int timeout = v.integer("endpoint.timeout", 10, 1, 3600);
        List<ClientAuth> auth = new ArrayList<>();
        String authid = v.string("authid", null);
        String key = v.string("auth.cryptosign.private_key", null);
        if (key != null && !key.isBlank()) {
            try {
                byte[] seed = HexFormat.of().parseHex(key.trim());
                auth.add(new ClientAuth.Cryptosign(authid, seed));
            } catch (IllegalArgumentException e) {
                v.error("auth.cryptosign.private_key", "(hidden)", "allowed 64 hex digits (a 32-byte Ed25519 seed)");
            }
        }
        String secret = v.string("auth.wampcra.secret", null);
        if (secret != null && !secret.isEmpty()) {
            auth.add(new ClientAuth.WampCra(authid, secret));
        }
        String ticket = v.string("auth.ticket.ticket", null);
        if (ticket != null && !ticket.isEmpty()) {
            auth.add(new ClientAuth.Ticket(authid, ticket));
        }
        if (!auth.isEmpty() && (authid == null || authid.isBlank())) {
            v.error("authid", authid, "required with ticket, wampcra or cryptosign credentials");
        }
        int maxRetries = v.integer("retry.max_retries", -1, -1, Integer.MAX_VALUE);
        double initial = decimal(v, "retry.initial_retry_delay", 1.0, 0.01, 3600);
        double max = decimal(v, "retry.max_retry_delay", 300, 0.01, 86400);
        double growth = decimal(v, "retry.retry_delay_growth", 1.5, 1.0, 10);
        double jitter = decimal(v, "retry.retry_delay_jitter", 0.1, 0, 1);
        if (!v.ok()) {
            return null;
        }
        return new ConnectionSettings(id, uri, realm, serializers, Duration.ofSeconds(timeout), List.copyOf(auth),
                new Backoff(maxRetries, initial, Math.max(initial, max), growth, jitter));
    }

    private static double decimal(ConfigValidator v, String key, double def, double min, double max) {
        Object raw = v.raw(key);
        if (raw == null || (raw instanceof String s && s.isBlank())) {
            return def;
        }
        try {
            double d = raw instanceof Number n ? n.doubleValue() : Double.parseDouble(raw.toString().trim());
            if (d >= min && d <= max) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        v.error(key, raw, "allowed a number " + min + ".." + max);
        return def;
    }
}
