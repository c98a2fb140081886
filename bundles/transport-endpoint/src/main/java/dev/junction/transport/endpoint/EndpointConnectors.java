package dev.junction.transport.endpoint;

import java.net.BindException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;

import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import dev.junction.transport.endpoint.internal.TlsMaterial;

/**
 * Builds the Jetty connector for an {@link EndpointSettings}: a {@link ServerConnector} for tcp (with an
 * {@link SslConnectionFactory} in front of the transport's own protocol when TLS is configured) or a
 * {@link UnixDomainServerConnector}. Every transport gets its executor, buffer pool and TLS engine from Jetty this
 * way, and only speaks its protocol in its own {@link ConnectionFactory}.
 */
public final class EndpointConnectors {

    /** Protocols offered on TLS endpoints: the JDK's modern defaults; TLS 1.1 and older are never enabled. */
    static final String[] PROTOCOLS = { "TLSv1.3", "TLSv1.2" };

    private EndpointConnectors() {
    }

    /**
     * A connector on {@code server} for {@code endpoint}, not yet started.
     *
     * @param protocols the transport's connection factories; the first is the one TLS hands the decrypted bytes to
     * @throws EndpointException when the TLS files cannot be read (named by their key)
     */
    public static AbstractConnector create(Server server, EndpointSettings endpoint, ConnectionFactory... protocols)
            throws EndpointException {
        ConnectionFactory[] factories = protocols;
        if (endpoint.isTls()) {
            SslContextFactory.Server ssl = sslContextFactory(endpoint.tls());
            factories = new ConnectionFactory[protocols.length + 1];
            factories[0] = new SslConnectionFactory(ssl, protocols[0].getProtocol());
            System.arraycopy(protocols, 0, factories, 1, protocols.length);
        }
        if (endpoint.isUnix()) {
            UnixDomainServerConnector unix = new UnixDomainServerConnector(server, factories);
            unix.setUnixDomainPath(endpoint.path());
            unix.setAcceptQueueSize(endpoint.backlog());
            return unix;
        }
        ServerConnector tcp = new ServerConnector(server, factories);
        tcp.setHost(endpoint.host());
        tcp.setPort(endpoint.port());
        tcp.setAcceptQueueSize(endpoint.backlog());
        tcp.setReuseAddress(true);
        return tcp;
    }

    /**
     * Jetty's TLS engine for these settings: the key and certificate chain, TLS 1.3 and 1.2, the configured ciphers
     * (else the JDK's defaults less Jetty's exclusions of weak suites), and, with {@code ca_certificates}, a request
     * for a client certificate that must verify against them when presented (Crossbar's behaviour; whether a
     * certificate is required is the {@code tls} authentication method's decision).
     */
    public static SslContextFactory.Server sslContextFactory(TlsSettings tls) throws EndpointException {
        TlsMaterial material = TlsMaterial.load(tls);
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(material.keyStore());
        ssl.setKeyStorePassword(material.keyPassword());
        ssl.setKeyManagerPassword(material.keyPassword());
        ssl.setIncludeProtocols(PROTOCOLS);
        if (!tls.ciphers().isEmpty()) {
            // Exactly what was asked for: Jetty's default exclusions would silently drop e.g. ...-SHA suites.
            ssl.setExcludeCipherSuites();
            ssl.setIncludeCipherSuites(tls.ciphers().toArray(String[]::new));
        }
        if (material.trustStore() != null) {
            ssl.setTrustStore(material.trustStore());
            ssl.setWantClientAuth(true);
        }
        // No SNI checks: a listener is addressed by IP as often as by name, and Crossbar does not check either.
        ssl.setSniRequired(false);
        return ssl;
    }

    /**
     * The one-line detail for a connector that failed to start, e.g. {@code endpoint.port=8080, port in use} or
     * {@code endpoint.path=/run/j.sock, path in use}.
     */
    public static String bindProblem(EndpointSettings endpoint, Throwable failure) {
        BindException bind = null;
        for (Throwable t = failure; t != null && bind == null; t = t.getCause()) {
            if (t instanceof BindException b) {
                bind = b;
            }
        }
        String message = bind != null ? bind.getMessage() : failure.toString();
        boolean inUse = message != null && message.toLowerCase(Locale.ROOT).contains("in use");
        if (endpoint.isUnix()) {
            return "endpoint.path=" + endpoint.path() + ", " + (inUse ? "path in use" : "cannot listen: " + message);
        }
        if (inUse) {
            return "endpoint.port=" + endpoint.port() + ", port in use";
        }
        if (bind != null) {
            return "endpoint.interface=" + (endpoint.host() == null ? "\"\"" : endpoint.host()) + ", cannot bind: "
                    + message;
        }
        return "endpoint.port=" + endpoint.port() + ", cannot listen: " + message;
    }

    /** The port a tcp connector is bound to (useful with {@code endpoint.port=0}), or -1 for a unix socket. */
    public static int localPort(AbstractConnector connector) {
        return connector instanceof ServerConnector tcp ? tcp.getLocalPort() : -1;
    }

    /** Whether the connection runs over TLS: Jetty's TLS endpoint carries the session data. */
    public static boolean isSecure(EndPoint endPoint) {
        return endPoint.getSslSessionData() != null;
    }

    /**
     * The client's certificate chain as the TLS engine verified it against {@code ca_certificates}; empty without
     * TLS, without {@code ca_certificates} or when the client presented none.
     */
    public static List<X509Certificate> clientCertificates(EndPoint endPoint) {
        EndPoint.SslSessionData data = endPoint.getSslSessionData();
        X509Certificate[] chain = data == null ? null : data.peerCertificates();
        return chain == null ? List.of() : List.of(chain);
    }
}
