package dev.junction.transport.websocket.internal;

/**
 * What a transport instance is doing, for the console and the shell later.
 *
 * @param id the transport id (the configuration's instance name when the configuration could not be read)
 * @param state {@code RUNNING}, {@code FAILED} (refused configuration, port in use, no socket open) or
 *            {@code STOPPED}
 * @param endpoint where it listens, e.g. {@code tcp:127.0.0.1:8080}; {@code null} when not listening
 * @param error the refusal line when FAILED; when RUNNING, the refusal of a later update that was not applied
 *            (the previous configuration stays in force); else {@code null}
 * @param connections open WebSocket connections
 */
record TransportStatus(String id, State state, String endpoint, String error, int connections) {
    enum State {
        RUNNING, FAILED, STOPPED
    }
}
