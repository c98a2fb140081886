package dev.junction.spi.auth;

import java.util.Map;

import dev.junction.spi.transport.HandshakeRequest;

/**
 * What an authenticator knows about a joining session.
 *
 * @param realm the realm the client asked for in HELLO
 * @param session the session id the router will give the session if it joins
 * @param authid the {@code authid} the client announced, or {@code null}
 * @param authrole the {@code authrole} the client asked for, or {@code null}
 * @param authextra the client's {@code authextra}, or an empty map
 * @param helloDetails the whole HELLO details
 * @param transport the connection's handshake: transport id, peer, headers, client certificates
 * @param config this method's settings from the transport's {@code auth} configuration, with the method prefix
 *            removed ({@code auth.ticket.type} is {@code type} here)
 */
public record AuthRequest(String realm, long session, String authid, String authrole, Map<String, Object> authextra,
        Map<String, Object> helloDetails, HandshakeRequest transport, Map<String, Object> config) {
}
