package dev.junction.api.admin;

import java.util.Map;

/**
 * One factory configuration an import creates.
 *
 * @param factoryPid e.g. {@code dev.junction.transport.websocket}
 * @param name the instance name (the configuration's PID is {@code factoryPid~name})
 * @param properties its properties; secrets are shown as {@code ********}
 * @param source the key path in the imported file it comes from, e.g. {@code workers[0].transports[1]}
 */
public record ImportedConfiguration(String factoryPid, String name, Map<String, Object> properties, String source) {

    public ImportedConfiguration {
        properties = Map.copyOf(properties);
    }
}
