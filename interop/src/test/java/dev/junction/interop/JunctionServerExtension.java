package dev.junction.interop;

import java.nio.file.Path;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One Junction server for the whole failsafe run: started by the first test class that needs it, kept in the root
 * extension store, stopped when the run ends (the store closes it). A failed start is remembered, so every class
 * reports the same cause without trying again.
 */
public final class JunctionServerExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(JunctionServerExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == JunctionServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        try {
            return server(extensionContext);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JunctionServer server(ExtensionContext context) throws Exception {
        Holder holder = context.getRoot().getStore(NS).getOrComputeIfAbsent(Holder.class, k -> new Holder(), Holder.class);
        return holder.get();
    }

    /** Closed by JUnit when the root context closes, i.e. after the last test class. */
    static final class Holder implements ExtensionContext.Store.CloseableResource {
        private JunctionServer server;
        private Exception failure;

        synchronized JunctionServer get() throws Exception {
            if (server == null && failure == null) {
                try {
                    String url = System.getProperty("junction.url", "");
                    String realm = System.getProperty("junction.realm", "realm1");
                    if (!url.isBlank()) {
                        server = JunctionServer.external(url, realm);
                    } else {
                        server = JunctionServer.start(
                                Path.of(required("junction.assembly.dir")),
                                Path.of(required("junction.server.dir")),
                                Path.of(required("junction.server.log")),
                                Path.of(required("junction.server.pidfile")));
                    }
                } catch (Exception e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw new IllegalStateException("the Junction server did not start: " + failure, failure);
            }
            return server;
        }

        @Override
        public synchronized void close() {
            if (server != null) {
                server.close();
                server = null;
            }
        }

        private static String required(String property) {
            String v = System.getProperty(property);
            if (v == null || v.isBlank()) {
                throw new IllegalStateException("system property " + property + " is not set (run through mvn verify)");
            }
            return v;
        }
    }
}
