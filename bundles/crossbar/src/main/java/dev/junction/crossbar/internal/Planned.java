package dev.junction.crossbar.internal;

import java.util.Map;

/**
 * One Junction factory configuration an import wants: its factory PID, its instance name, its properties (secrets
 * included), and the key path in the Crossbar file it comes from.
 */
record Planned(String factoryPid, String name, Map<String, Object> properties, String source) {
}
