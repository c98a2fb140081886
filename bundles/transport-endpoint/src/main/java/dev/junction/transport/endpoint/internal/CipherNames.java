package dev.junction.transport.endpoint.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Maps an OpenSSL cipher list (Crossbar's {@code ciphers}, e.g. {@code ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA})
 * onto JDK (IANA) cipher suite names ({@code TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}, {@code TLS_RSA_WITH_AES_128_CBC_SHA}).
 * IANA names and TLS 1.3 names ({@code TLS_AES_128_GCM_SHA256}) pass through. OpenSSL's keywords and operators
 * ({@code HIGH}, {@code !aNULL}, {@code +RSA}) have no JDK equivalent and are refused, as are names that cannot be
 * mapped: a configuration never silently ends up with other ciphers than it asked for.
 */
public final class CipherNames {
    private CipherNames() {
    }

    /**
     * @param openSsl names separated by {@code :}, commas or whitespace
     * @return the JDK names, in the given order, without duplicates
     * @throws IllegalArgumentException naming what cannot be mapped
     */
    public static List<String> toJdk(String openSsl) {
        Set<String> result = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String name : openSsl.trim().split("[:,\\s]+")) {
            if (name.isEmpty()) {
                continue;
            }
            String mapped = map(name);
            if (mapped == null) {
                unknown.add(name);
            } else {
                result.add(mapped);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("cannot map " + String.join(", ", unknown) + " to a JDK cipher suite "
                    + "(allowed OpenSSL names such as ECDHE-RSA-AES128-GCM-SHA256 or IANA names such as "
                    + "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256; no OpenSSL keywords)");
        }
        if (result.isEmpty()) {
            throw new IllegalArgumentException("no cipher suite named");
        }
        return List.copyOf(result);
    }

    /** One OpenSSL or IANA name, or {@code null}. */
    static String map(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (upper.startsWith("TLS_") || upper.startsWith("SSL_")) {
            return upper;
        }
        String[] parts = upper.split("-");
        int i = 0;
        String exchange;
        if (parts.length > 2 && (parts[0].equals("ECDHE") || parts[0].equals("DHE"))
                && (parts[1].equals("RSA") || parts[1].equals("ECDSA") || parts[1].equals("DSS"))) {
            exchange = parts[0] + "_" + parts[1];
            i = 2;
        } else if (parts.length > 1 && (parts[0].equals("ECDHE") || parts[0].equals("DHE"))) {
            return null; // PSK and other exchanges the JDK does not offer
        } else {
            exchange = "RSA";
        }
        if (i >= parts.length) {
            return null;
        }
        String cipher = parts[i++];
        String bulk;
        switch (cipher) {
            case "AES128" -> bulk = "AES_128";
            case "AES256" -> bulk = "AES_256";
            case "CHACHA20" -> {
                return i < parts.length && parts[i].equals("POLY1305") && i + 1 == parts.length
                        ? "TLS_" + exchange + "_WITH_CHACHA20_POLY1305_SHA256" : null;
            }
            default -> {
                return null;
            }
        }
        String mode = "CBC";
        if (i < parts.length && (parts[i].equals("GCM") || parts[i].equals("CCM"))) {
            mode = parts[i++];
        }
        if (i != parts.length - 1) {
            return null;
        }
        String mac = parts[i];
        if (!mac.equals("SHA") && !mac.equals("SHA256") && !mac.equals("SHA384")) {
            return null;
        }
        if (!mode.equals("CBC") && mac.equals("SHA")) {
            return null;
        }
        return "TLS_" + exchange + "_WITH_" + bulk + "_" + mode + "_" + mac;
    }
}
