package dev.junction.transport.endpoint;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.slf4j.Logger;

/**
 * What a listening transport says about the serializers its configuration names: once per configuration, each one
 * that is not installed (it is offered as soon as it is), and, when it arrives, that it now is.
 */
public final class MissingSerializers {
    private final Logger log;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    public MissingSerializers(Logger log) {
        this.log = log;
    }

    /** A configuration was applied: logs each of {@code configured} that {@code installed} does not accept. */
    public void configured(String transportId, List<String> configured, Predicate<String> installed) {
        reported.clear();
        for (String name : configured) {
            if (!installed.test(name) && reported.add(name)) {
                log.info("Transport {}: serializer {} is configured but not installed; it will be offered once a "
                        + "Serializer service with wamp.serializer.name={} is registered", transportId, name, name);
            }
        }
    }

    /** Serializer {@code name} was installed; says so if it had been reported missing. */
    public void installed(String transportId, String name) {
        if (reported.remove(name)) {
            log.info("Transport {}: serializer {} is now installed and offered", transportId, name);
        }
    }
}
