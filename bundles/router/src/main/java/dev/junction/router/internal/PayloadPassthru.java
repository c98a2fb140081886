package dev.junction.router.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.junction.api.ProtocolViolationException;
import dev.junction.api.message.Payload;

/**
 * Payload passthru mode (Advanced Profile): a CALL, PUBLISH, YIELD or ERROR whose options carry a non-empty
 * {@code ppt_scheme} has a payload the router must not inspect or transcode; its {@code ppt_*} options travel
 * untouched into the INVOCATION, EVENT, RESULT or ERROR details.
 *
 * <p>Payloads stay encoded in Junction (see {@link Payload#encoded}), so between sessions on the same serializer the
 * bytes are copied through as they came. Between different serializers the payload would have to be re-encoded:
 * that is done only for what the spec prescribes, exactly one binary argument and no keyword arguments, whose bytes
 * arrive unchanged in any serializer's envelope (JSON's base64 string, a MsgPack bin, a CBOR byte string); any other
 * passthru payload is refused rather than transcoded.
 */
final class PayloadPassthru {
    static final String FEATURE = "payload_passthru_mode";
    private static final List<String> OPTIONS = List.of("ppt_scheme", "ppt_serializer", "ppt_cipher", "ppt_keyid");

    private PayloadPassthru() {
    }

    /** Whether the options ask for passthru mode: a non-empty {@code ppt_scheme}. */
    static boolean requested(Map<String, Object> options) {
        return options.get("ppt_scheme") instanceof String s && !s.isEmpty();
    }

    /**
     * Checks that {@code sender} announced the feature for {@code role}; the spec makes anything else a protocol
     * violation.
     */
    static void requireAnnounced(WampSession sender, String role, String what) {
        SessionInfo info = sender.info();
        if (info == null || !info.announces(role, FEATURE)) {
            throw new ProtocolViolationException(what + " with ppt_scheme without announcing " + FEATURE
                    + " for the " + role + " role");
        }
    }

    /** Whether {@code receiver} announced the feature for {@code role}. */
    static boolean announced(WampSession receiver, String role) {
        SessionInfo info = receiver.info();
        return info != null && info.announces(role, FEATURE);
    }

    /**
     * Whether the payload can reach {@code receiver} without being transcoded: same serializer, or the spec's single
     * binary argument.
     */
    static boolean carriable(WampSession sender, WampSession receiver, Payload payload) {
        return carriable(sender.serializer().name(), receiver, payload);
    }

    /** The same, for a sender known by its serializer's name only (a publisher on another node). */
    static boolean carriable(String senderSerializer, WampSession receiver, Payload payload) {
        return senderSerializer.equals(receiver.serializer().name()) || singleBinary(payload);
    }

    /** The same, between serializers known by their names only (a caller on another node). */
    static boolean carriable(String senderSerializer, String receiverSerializer, Payload payload) {
        return senderSerializer.equals(receiverSerializer) || singleBinary(payload);
    }

    /** The spec's passthru payload: exactly one binary argument, no keyword arguments. */
    static boolean singleBinary(Payload payload) {
        return payload != null && !payload.hasKwargs() && payload.args().size() == 1
                && payload.args().get(0) instanceof byte[];
    }

    /** {@code details} plus the {@code ppt_*} entries of {@code options}. */
    static Map<String, Object> withOptions(Map<String, Object> details, Map<String, Object> options) {
        Map<String, Object> out = new LinkedHashMap<>(details);
        for (String key : OPTIONS) {
            Object value = options.get(key);
            if (value != null) {
                out.put(key, value);
            }
        }
        return out;
    }
}
