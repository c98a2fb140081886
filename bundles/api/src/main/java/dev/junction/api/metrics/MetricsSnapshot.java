package dev.junction.api.metrics;

import java.util.List;

/**
 * The router's counters at one moment (see {@link RouterMetrics}). Lists are sorted by their first component.
 *
 * @param transports per listening transport id that has handed the router at least one connection
 * @param realms per realm that exists now
 * @param serializers per serializer that has encoded or decoded at least one message
 * @param authenticators per authentication method that has been tried at least once
 */
public record MetricsSnapshot(List<TransportMetrics> transports, List<RealmMetrics> realms,
        List<SerializerMetrics> serializers, List<AuthenticatorMetrics> authenticators) {

    public MetricsSnapshot {
        transports = List.copyOf(transports);
        realms = List.copyOf(realms);
        serializers = List.copyOf(serializers);
        authenticators = List.copyOf(authenticators);
    }
}
