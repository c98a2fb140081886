package dev.junction.cluster.internal;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.junction.api.message.Payload;
import dev.junction.spi.cluster.RemotePublication;

/**
 * A {@link RemotePublication} as it travels between nodes (Java serialization through Hazelcast, with this bundle's
 * class loader). The payload travels as values: WAMP's value types (null, Boolean, Long, BigInteger, Double, String,
 * byte[], List, Map) are all serializable; collections are copied into plain ones so that no serializer's own view
 * type has to cross.
 */
record ClusterEvent(String realm, String topic, long publication, long publisher, String publisherSerializer,
        Map<String, Object> options, Map<String, Object> details, List<Object> args, Map<String, Object> kwargs)
        implements Serializable {

    static ClusterEvent of(RemotePublication p) {
        Payload payload = p.payload();
        return new ClusterEvent(p.realm(), p.topic(), p.publication(), p.publisher(), p.publisherSerializer(),
                plainMap(p.options()), plainMap(p.details()), plainList(payload.args()), plainMap(payload.kwargs()));
    }

    RemotePublication toPublication() {
        return new RemotePublication(realm, topic, publication, publisher, publisherSerializer, options, details,
                Payload.of(args, kwargs));
    }

    private static Object plain(Object value) {
        if (value instanceof List<?> l) {
            return plainList(l);
        }
        if (value instanceof Map<?, ?> m) {
            return plainMap(m);
        }
        return value;
    }

    static List<Object> plainList(List<?> list) {
        List<Object> out = new ArrayList<>(list.size());
        for (Object o : list) {
            out.add(plain(o));
        }
        return out;
    }

    static Map<String, Object> plainMap(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>(map.size() * 2);
        map.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
        return out;
    }
}
