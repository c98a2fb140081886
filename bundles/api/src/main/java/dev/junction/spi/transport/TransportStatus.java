package dev.junction.spi.transport;

/**
 * What one configured transport instance is doing, as the shell and the console show it.
 *
 * @param id the transport id (the configuration's instance name when the configuration could not be read)
 * @param type {@code websocket}, {@code rawsocket}, ...
 * @param state see {@link State}
 * @param endpoint where it listens, e.g. {@code tcp:127.0.0.1:8080}; {@code null} when not listening
 * @param error why the configuration was refused (FAILED), or, when RUNNING, why a later update was refused (the
 *            previous configuration stays in force); else {@code null}
 * @param connections open connections
 */
public record TransportStatus(String id, String type, State state, String endpoint, String error, int connections) {

    /** The life of a transport instance. */
    public enum State {
        /** Listening. */
        RUNNING,
        /** Its configuration was refused or its socket could not be opened; nothing is listening. */
        FAILED,
        /** Stopped (its configuration was deleted, its bundle or the router is stopping). */
        STOPPED
    }
}
