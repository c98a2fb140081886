package dev.junction.transport.websocket.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/** The version shown with {@code options.show_server_version}: this bundle's version, {@code dev} outside OSGi. */
final class ServerVersion {
    static final String VALUE = find();

    private ServerVersion() {
    }

    private static String find() {
        try {
            Bundle bundle = FrameworkUtil.getBundle(ServerVersion.class);
            if (bundle != null) {
                return bundle.getVersion().toString();
            }
        } catch (RuntimeException | LinkageError e) {
            // not in OSGi
        }
        String version = ServerVersion.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
