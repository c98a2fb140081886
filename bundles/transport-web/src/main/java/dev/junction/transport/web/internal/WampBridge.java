package dev.junction.transport.web.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import dev.junction.spi.call.CallResult;

/**
 * What the HTTP bridge does on its realm: publish (acknowledged) and call. Stages fail with
 * {@link dev.junction.spi.call.CallFailedException} for a WAMP error and with {@link BridgeSession.Unavailable}
 * when there is no session to do it with.
 */
interface WampBridge {

    CompletionStage<Long> publish(String topic, List<?> args, Map<String, ?> kwargs, Map<String, Object> options);

    CompletionStage<CallResult> call(String procedure, List<?> args, Map<String, ?> kwargs);

    /** Closes the session, if any; a later request opens a new one. */
    void close();
}
