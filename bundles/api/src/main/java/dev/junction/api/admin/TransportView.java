package dev.junction.api.admin;

import java.util.List;

import dev.junction.spi.transport.TransportStatus;

/**
 * One configured listening transport.
 *
 * @param id the transport id
 * @param type {@code websocket}, {@code rawsocket}, ...
 * @param state RUNNING, FAILED or STOPPED
 * @param endpoint where it listens ({@code tcp:127.0.0.1:8080}), or {@code null}
 * @param serializers the serializers its configuration offers (those registered right now are what a client gets)
 * @param connections open connections
 * @param error the refusal of its configuration or of its last update, or {@code null}
 */
public record TransportView(String id, String type, TransportStatus.State state, String endpoint,
        List<String> serializers, int connections, String error) {
}
