package dev.junction.spi.transport;

import java.util.Map;
import java.util.Objects;

/**
 * The authentication a tracked cookie remembers (Crossbar's {@code authid, authrole, authmethod, authrealm,
 * authextra}): a client that once joined with it by another method is recognized by the cookie on reconnect.
 *
 * @param authid the authid the client joined with
 * @param authrole its authrole
 * @param authmethod the method it authenticated with ({@code ticket}, {@code wampcra}, ...)
 * @param authprovider the provider of that authentication ({@code static}, {@code dynamic})
 * @param realm the realm it joined
 * @param authextra the WELCOME's {@code authextra}; empty when none
 */
public record CookieAuth(String authid, String authrole, String authmethod, String authprovider, String realm,
        Map<String, Object> authextra) {

    public CookieAuth {
        Objects.requireNonNull(authid, "authid");
        Objects.requireNonNull(authrole, "authrole");
        Objects.requireNonNull(realm, "realm");
        authextra = authextra == null ? Map.of() : Map.copyOf(authextra);
    }
}
