package dev.junction.router.internal;

import org.slf4j.MDC;

/**
 * The session a log line is about, in the SLF4J MDC: realm, session id, authid and transport id, so that one
 * client's story can be grepped from the log (Karaf's pattern prints them). Set around log calls only, never per
 * message: {@code try (SessionMdc m = session.mdc()) { LOG.warn(...); }}. Fields not known yet (before WELCOME) are
 * left out; nothing secret is ever put here.
 */
final class SessionMdc implements AutoCloseable {
    static final String REALM = "junction.realm";
    static final String SESSION = "junction.session";
    static final String AUTHID = "junction.authid";
    static final String TRANSPORT = "junction.transport";
    private static final SessionMdc SET = new SessionMdc();

    private SessionMdc() {
    }

    static SessionMdc put(String realm, Object session, String authid, String transport) {
        putIfKnown(REALM, realm);
        putIfKnown(SESSION, session);
        putIfKnown(AUTHID, authid);
        putIfKnown(TRANSPORT, transport);
        return SET;
    }

    private static void putIfKnown(String key, Object value) {
        if (value != null) {
            MDC.put(key, value.toString());
        } else {
            MDC.remove(key);
        }
    }

    @Override
    public void close() {
        MDC.remove(REALM);
        MDC.remove(SESSION);
        MDC.remove(AUTHID);
        MDC.remove(TRANSPORT);
    }
}
