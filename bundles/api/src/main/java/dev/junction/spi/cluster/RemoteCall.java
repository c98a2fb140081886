package dev.junction.spi.cluster;

import java.util.Map;

import dev.junction.api.message.Payload;

/**
 * A call served on another node than its caller's.
 *
 * @param realm the realm of the call
 * @param procedure the procedure called
 * @param caller the caller's session id
 * @param timeoutMillis the caller's {@code timeout} option (0: none; the cluster applies its own bound)
 * @param payload the arguments (still encoded as they arrived)
 * @param receiveProgress the caller asked for progressive results ({@code receive_progress})
 * @param discloseMe the caller asked to be disclosed ({@code disclose_me})
 * @param disclosure what the caller's role says of disclosing it: {@code always}, {@code on_request} (when the
 *        caller or the callee asks) or {@code never}
 * @param callerDetails what a callee is told of the caller when it is disclosed ({@code caller},
 *        {@code caller_authid}, {@code caller_authrole})
 * @param progress the first chunk of a progressive call invocation (the caller sends more through
 *        {@link RemoteCallHandle#chunk})
 * @param callerSerializer the caller's serializer name (a passthru payload goes only to a callee on the same one,
 *        unless it is the spec's single binary argument)
 * @param passthru the caller's {@code ppt_*} options (payload passthru mode), empty for none
 */
public record RemoteCall(String realm, String procedure, long caller, long timeoutMillis, Payload payload,
        boolean receiveProgress, boolean discloseMe, String disclosure, Map<String, Object> callerDetails,
        boolean progress, String callerSerializer, Map<String, Object> passthru) {
    public static final String DISCLOSE_ALWAYS = "always";
    public static final String DISCLOSE_ON_REQUEST = "on_request";
    public static final String DISCLOSE_NEVER = "never";

    /** A plain call: no progressive results, the caller disclosed only if the callee asks. */
    public RemoteCall(String realm, String procedure, long caller, long timeoutMillis, Payload payload) {
        this(realm, procedure, caller, timeoutMillis, payload, false, false, DISCLOSE_ON_REQUEST, Map.of(), false);
    }

    /** A call without payload passthru. */
    public RemoteCall(String realm, String procedure, long caller, long timeoutMillis, Payload payload,
            boolean receiveProgress, boolean discloseMe, String disclosure, Map<String, Object> callerDetails,
            boolean progress) {
        this(realm, procedure, caller, timeoutMillis, payload, receiveProgress, discloseMe, disclosure, callerDetails,
                progress, "", Map.of());
    }

    /** A call that is not a progressive call invocation. */
    public RemoteCall(String realm, String procedure, long caller, long timeoutMillis, Payload payload,
            boolean receiveProgress, boolean discloseMe, String disclosure, Map<String, Object> callerDetails) {
        this(realm, procedure, caller, timeoutMillis, payload, receiveProgress, discloseMe, disclosure, callerDetails,
                false);
    }
}
