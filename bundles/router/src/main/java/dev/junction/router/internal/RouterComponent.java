package dev.junction.router.internal;

import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.junction.spi.auth.Authenticator;
import dev.junction.spi.call.InternalCaller;
import dev.junction.spi.cluster.ClusterRouting;
import dev.junction.spi.config.ConfigValidator;
import dev.junction.spi.transport.Handshake;
import dev.junction.spi.transport.HandshakeRequest;
import dev.junction.spi.transport.WampRouter;

/**
 * The router as an OSGi service: transports find it as {@link WampRouter}, realm configurations as
 * {@link RealmRegistry}; it tracks {@link Authenticator} services as they come and go. Its optional singleton
 * configuration {@code dev.junction.router} sets the shutdown bounds. It also offers the {@link InternalCaller} that
 * dynamic authenticators (and authorizers) call procedures through.
 */
@Component(service = { WampRouter.class, RealmRegistry.class }, immediate = true,
        configurationPid = RouterComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = RouterComponent.Config.class)
public final class RouterComponent implements WampRouter, RealmRegistry {
    static final String PID = "dev.junction.router";
    private static final Logger LOG = LoggerFactory.getLogger(RouterComponent.class);

    @ObjectClassDefinition(name = "Junction router", description = "Router-wide settings of Junction.")
    @interface Config {
        @AttributeDefinition(name = "Call drain time (ms)", min = "0", description = "When sessions are shut "
                + "down, how long calls in flight may take to finish before they are answered with ERROR "
                + "wamp.error.canceled.")
        long shutdown_call__drain__timeout() default 5000;

        @AttributeDefinition(name = "GOODBYE reply time (ms)", min = "0", description = "How long a client has "
                + "to answer the router's GOODBYE before its connection is closed.")
        long shutdown_goodbye__timeout() default 2000;
    }

    private final Router router;
    private final InternalCalls internalCalls;
    /**
     * Registered by hand, not as a service of this component: authenticators reference it, and the router binds
     * authenticators while it activates, so as a component service it would be a circular reference that SCR cannot
     * resolve (their optional reference would stay unbound).
     */
    private final ServiceRegistration<InternalCaller> internalCallerRegistration;

    @Activate
    public RouterComponent(BundleContext context, Map<String, Object> properties) {
        this.router = new Router(settings(properties));
        this.internalCalls = new InternalCalls(router);
        router.internalCaller(internalCalls);
        this.internalCallerRegistration = context.registerService(InternalCaller.class, internalCalls, null);
    }

    /** The router itself, for the admin view in this bundle ({@link RouterAdminComponent}). */
    Router router() {
        return router;
    }

    @Modified
    void modified(Map<String, Object> properties) {
        router.updateSettings(settings(properties));
    }

    @Deactivate
    void deactivate() {
        // Transports bound to this service have already been deactivated by SCR (and have shut their sessions
        // down); this catches every session that is still there.
        try {
            internalCallerRegistration.unregister();
        } catch (IllegalStateException alreadyUnregistered) {
            // the bundle is stopping and the framework was first
        }
        router.shutdown();
        internalCalls.shutdown();
    }

    private static RouterSettings settings(Map<String, Object> properties) {
        ConfigValidator v = new ConfigValidator(PID, properties);
        int drain = v.integer("shutdown.call_drain_timeout", (int) RouterSettings.DEFAULTS.callDrainMillis(), 0,
                Integer.MAX_VALUE);
        int goodbye = v.integer("shutdown.goodbye_timeout", (int) RouterSettings.DEFAULTS.goodbyeMillis(), 0,
                Integer.MAX_VALUE);
        if (!v.ok()) {
            LOG.error(v.summary() + "; using the defaults");
            return RouterSettings.DEFAULTS;
        }
        return new RouterSettings(drain, goodbye);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindAuthenticator(Authenticator authenticator, Map<String, Object> properties) {
        router.addAuthenticator(method(authenticator, properties), authenticator);
    }

    void unbindAuthenticator(Authenticator authenticator, Map<String, Object> properties) {
        router.removeAuthenticator(method(authenticator, properties), authenticator);
    }

    /**
     * The cluster, when a cluster bundle offers one (at most one is used; greedy, so a new one replaces it).
     * Optional: a single node imports nothing of it.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindClusterRouting(ClusterRouting cluster) {
        router.cluster().attach(cluster);
    }

    void unbindClusterRouting(ClusterRouting cluster) {
        router.cluster().detach(cluster);
    }

    private static String method(Authenticator authenticator, Map<String, Object> properties) {
        Object m = properties.get(Authenticator.METHOD);
        return m instanceof String s ? s : authenticator.method();
    }

    @Override
    public Handshake handshake(HandshakeRequest request) {
        return router.handshake(request);
    }

    @Override
    public void handshakeRefused(String transportId, String transportType, String reason) {
        router.handshakeRefused(transportId, transportType, reason);
    }

    @Override
    public String putRealm(String pid, RealmSettings settings) {
        return router.putRealm(pid, settings);
    }

    @Override
    public void removeRealm(String pid) {
        router.removeRealm(pid);
    }

    @Override
    public String putRole(String pid, String realm, Role role) {
        return router.putRole(pid, realm, role);
    }

    @Override
    public void removeRole(String pid) {
        router.removeRole(pid);
    }

    @Override
    public InternalCaller internalCaller() {
        return internalCalls;
    }
}
