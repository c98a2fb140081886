package dev.junction.api.admin;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One configured connecting transport of the container ({@code dev.junction.connect.websocket} or
 * {@code .rawsocket}), registered as a service per configuration so that the shell ({@code junction:connections})
 * and the console can show how its components are doing.
 */
@ProviderType
public interface ConnectingTransport {

    /** Service property and configuration key: the connection's id. */
    String ID = "junction.connection.id";

    String id();

    /** {@code websocket} or {@code rawsocket}. */
    String type();

    /** The router's URL (and the Unix socket, if one is used). */
    String url();

    String realm();

    /** One status per hosted component. */
    List<ConnectionStatus> status();
}
