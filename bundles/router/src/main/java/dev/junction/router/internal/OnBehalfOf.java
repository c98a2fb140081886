package dev.junction.router.internal;

import java.util.Map;

import dev.junction.spi.cluster.RemoteCall;

/**
 * A call that the internal session makes for a caller on another node: who the callee is told the caller is, the
 * caller's role's disclosure, which callee the caller's node chose, and the caller's serializer (payload passthru:
 * what a passthru payload may reach without transcoding). It travels in the CALL.Options under
 * {@link #OPTION} as this Java object, which no client can send (options decoded from the wire hold only WAMP values),
 * and it is honoured only from an internal session.
 */
record OnBehalfOf(Map<String, Object> callerDetails, Disclosure disclosure, int callee, String callerSerializer) {
    static final String OPTION = "x_junction_on_behalf_of";

    static OnBehalfOf of(RemoteCall call, int callee) {
        Disclosure d = switch (call.disclosure()) {
            case RemoteCall.DISCLOSE_ALWAYS -> Disclosure.ALWAYS;
            case RemoteCall.DISCLOSE_NEVER -> Disclosure.NEVER;
            default -> Disclosure.ON_REQUEST;
        };
        return new OnBehalfOf(call.callerDetails(), d, callee, call.callerSerializer());
    }

    /** The remote caller a CALL from {@code caller} is made for, or {@code null} for an ordinary call. */
    static OnBehalfOf in(WampSession caller, Map<String, Object> options) {
        return options.get(OPTION) instanceof OnBehalfOf o && InternalSession.isInternal(caller.serializer()) ? o
                : null;
    }

    /** How a caller's role discloses it, as the call crosses to another node. */
    static String wireName(Disclosure d) {
        return switch (d) {
            case ALWAYS -> RemoteCall.DISCLOSE_ALWAYS;
            case NEVER -> RemoteCall.DISCLOSE_NEVER;
            default -> RemoteCall.DISCLOSE_ON_REQUEST;
        };
    }
}
