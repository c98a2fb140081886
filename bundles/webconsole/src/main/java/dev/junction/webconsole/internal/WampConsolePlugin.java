package dev.junction.webconsole.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.junction.api.admin.ConnectingTransport;
import dev.junction.api.admin.ConnectionStatus;
import dev.junction.api.admin.RealmView;
import dev.junction.api.admin.RegistrationView;
import dev.junction.api.admin.RouterAdmin;
import dev.junction.api.admin.SessionView;
import dev.junction.api.admin.SubscriptionView;
import dev.junction.api.admin.TransportView;

/**
 * The console's "WAMP" page ({@code /system/console/wamp}): what the router is doing now, and a button per session
 * that kills it (GOODBYE {@code wamp.close.killed}). A plain servlet registered with {@code felix.webconsole.label}:
 * the console finds it on the whiteboard, draws its frame around the GET output and checks the login (role admin
 * in Karaf). The kill is a POST carrying a token that only this page hands out, so another site cannot make an
 * operator's browser kill sessions (the console 4.x has no CSRF protection of its own).
 */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=" + WampConsolePlugin.LABEL,
        "felix.webconsole.title=WAMP",
        "felix.webconsole.category=Junction" })
public final class WampConsolePlugin extends HttpServlet {
    static final String LABEL = "wamp";
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(WampConsolePlugin.class);

    private final transient RouterAdmin admin;
    private final transient List<ConnectingTransport> connections = new CopyOnWriteArrayList<>();
    private final String token;

    @Activate
    public WampConsolePlugin(@Reference RouterAdmin admin) {
        this.admin = admin;
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        this.token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** The container's connecting transports, when the container feature is installed. */
    @Reference(service = ConnectingTransport.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addConnection(ConnectingTransport connection) {
        connections.add(connection);
    }

    void removeConnection(ConnectingTransport connection) {
        connections.remove(connection);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/html;charset=UTF-8");
        PrintWriter out = resp.getWriter();
        String notice = req.getParameter("killed");
        if (notice != null) {
            out.println("<p class='statline ui-state-highlight' id='wamp-notice'>" + Html.escape(notice) + "</p>");
        }
        transports(out);
        realms(out);
        sessions(out, req);
        subscriptions(out);
        registrations(out);
        connections(out);
        out.println("<p><label><input type='checkbox' id='wamp-refresh' checked> refresh every 5 s</label></p>");
        out.println("<script>setInterval(function(){if(document.getElementById('wamp-refresh').checked)"
                + "{location.replace(location.pathname);}},5000);</script>");
    }

    /** {@code action=kill&session=<id>&token=<page token>}: kills, then back to the page (POST-redirect-GET). */
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String given = req.getParameter("token");
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8))) {
            resp.sendError(HttpServletResponse.SC_FORBIDDEN, "missing or wrong page token");
            return;
        }
        if (!"kill".equals(req.getParameter("action"))) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST, "unknown action");
            return;
        }
        String notice;
        try {
            long id = Long.parseLong(req.getParameter("session"));
            notice = admin.kill(id, null) ? "Session " + id + " killed (GOODBYE wamp.close.killed)"
                    : "No joined session " + id;
            LOG.info("Web console user {}: {}", req.getRemoteUser(), notice);
        } catch (NumberFormatException e) {
            notice = "Not a session id: " + req.getParameter("session");
        }
        String self = req.getContextPath() + req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        resp.sendRedirect(self + "?killed=" + java.net.URLEncoder.encode(notice, StandardCharsets.UTF_8));
    }

    private void transports(PrintWriter out) {
        Html.Table t = new Html.Table("wamp-transports", "Transports", "Id", "Type", "State", "Endpoint",
                "Serializers", "Connections", "Error");
        for (TransportView v : admin.transports()) {
            t.row(v.id(), v.type(), v.state(), v.endpoint(),
                    v.serializers().isEmpty() ? "(all registered)" : String.join(", ", v.serializers()),
                    v.connections(), v.error());
        }
        t.print(out);
    }

    private void realms(PrintWriter out) {
        Html.Table t = new Html.Table("wamp-realms", "Realms", "Realm", "Sessions", "Subscriptions", "Registrations",
                "URI check", "Meta API");
        for (RealmView r : admin.realms()) {
            t.row(r.name(), r.sessions(), r.subscriptions(), r.registrations(), r.uriCheck(),
                    r.metaApi() ? "on" : "off");
        }
        t.print(out);
    }

    private void sessions(PrintWriter out, HttpServletRequest req) {
        Html.Table t = new Html.Table("wamp-sessions", "Sessions", "Session", "Realm", "Authid", "Authrole",
                "Authmethod", "Transport", "Serializer", "Peer", "Joined", "Queued", "Dropped events",
                "Refused calls", "");
        for (SessionView s : admin.sessions(null)) {
            String form = "<form method='post' style='margin:0'><input type='hidden' name='action' value='kill'>"
                    + "<input type='hidden' name='session' value='" + s.id() + "'>"
                    + "<input type='hidden' name='token' value='" + token + "'>"
                    + "<button type='submit' class='ui-button' name='kill' value='" + s.id() + "'"
                    + " onclick=\"return confirm('Kill session " + s.id() + "?')\">Kill</button></form>";
            t.rowWithRawLast(List.of(s.id(), s.realm(), s.authid(), s.authrole(), s.authmethod(), s.transportId(),
                    s.serializer(), s.peer(), s.joinedAt(), s.queuedMessages() + " / " + s.queuedBytes() + " B",
                    s.droppedEvents(), s.refusedInvocations() + s.refusedCalls()), form);
        }
        t.print(out);
    }

    private void subscriptions(PrintWriter out) {
        Html.Table t = new Html.Table("wamp-subscriptions", "Subscriptions", "Realm", "Id", "Topic", "Match",
                "Subscribers", "Created");
        for (SubscriptionView s : admin.subscriptions(null)) {
            t.row(s.realm(), s.id(), s.uri(), s.match(), ids(s.subscribers()), s.created());
        }
        t.print(out);
    }

    private void registrations(PrintWriter out) {
        Html.Table t = new Html.Table("wamp-registrations", "Registrations", "Realm", "Id", "Procedure", "Match",
                "Invoke", "Callees", "Created");
        for (RegistrationView r : admin.registrations(null)) {
            t.row(r.realm(), r.id(), r.uri(), r.match(), r.invoke(), ids(r.callees()), r.created());
        }
        t.print(out);
    }

    private void connections(PrintWriter out) {
        Html.Table t = new Html.Table("wamp-connections", "Container connections", "Connection", "Type", "Router",
                "Realm", "Component", "State", "Session", "Failures", "Next attempt", "Last error");
        List<ConnectingTransport> all = connections.stream().sorted(Comparator.comparing(ConnectingTransport::id))
                .toList();
        for (ConnectingTransport c : all) {
            List<ConnectionStatus> components = c.status();
            if (components.isEmpty()) {
                t.row(c.id(), c.type(), c.url(), c.realm(), "", "(no component)", "", "", "", "");
            }
            for (ConnectionStatus s : components) {
                t.row(c.id(), c.type(), c.url(), c.realm(), s.component(), s.state(),
                        s.sessionId() == 0 ? "" : s.sessionId(), s.attempts(), s.nextAttempt(), s.lastError());
            }
        }
        t.print(out);
    }

    private static String ids(List<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
