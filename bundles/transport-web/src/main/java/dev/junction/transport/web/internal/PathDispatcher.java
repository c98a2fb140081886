package dev.junction.transport.web.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Routes each request to the path service mounted at the longest matching path ({@code /ws} matches {@code /ws}
 * and {@code /ws/...}, never {@code /wsx}; {@code /} matches everything), as Crossbar's {@code paths} dict does.
 * Nothing mounted: 404. Services come and go while the server runs (one configuration each); the dispatcher starts
 * a service's handler when it is mounted and stops it when it is removed.
 */
final class PathDispatcher extends Handler.Abstract {
    private final Map<String, Handler> mounts = new ConcurrentHashMap<>();

    void mount(String path, Handler handler) throws Exception {
        handler.setServer(getServer());
        handler.start();
        Handler previous = mounts.put(path, handler);
        if (previous != null) {
            previous.stop();
        }
    }

    void unmount(String path, Handler handler) throws Exception {
        if (mounts.remove(path, handler)) {
            handler.stop();
        }
    }

    @Override
    protected void doStop() throws Exception {
        for (Handler handler : mounts.values()) {
            handler.stop();
        }
        mounts.clear();
        super.doStop();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Handler handler = find(Request.getPathInContext(request));
        return handler != null && handler.handle(request, response, callback);
    }

    private Handler find(String requestPath) {
        String candidate = requestPath == null || requestPath.isEmpty() ? "/" : requestPath;
        while (true) {
            Handler handler = mounts.get(candidate);
            if (handler != null) {
                return handler;
            }
            if (candidate.equals("/")) {
                return null;
            }
            int slash = candidate.lastIndexOf('/');
            candidate = slash <= 0 ? "/" : candidate.substring(0, slash);
        }
    }
}
