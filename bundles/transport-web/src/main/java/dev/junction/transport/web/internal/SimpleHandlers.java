package dev.junction.transport.web.internal;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.ResourceService;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.resource.ResourceFactory;

import com.fasterxml.jackson.core.JsonProcessingException;

/** The path services that need no router: static files, redirect, json, nodeinfo. */
final class SimpleHandlers {
    private SimpleHandlers() {
    }

    /**
     * {@code static}: Jetty's {@link ResourceHandler} under a {@link ContextHandler} for the path, so Jetty's own
     * checks apply: URIs with {@code ..} segments or ambiguous encodings ({@code %2e%2e}, {@code %2f}) are refused
     * (400) before any file is looked at, and aliases (symbolic links out of the directory) are not served.
     * Content types from Jetty's table plus {@code options.mime_types}; {@code index.html} is the index file;
     * {@code Cache-Control: max-age} from {@code options.cache_timeout}.
     */
    static Handler staticFiles(String path, PathSettings.StaticService settings) {
        ResourceHandler files = new ResourceHandler();
        files.setBaseResource(ResourceFactory.root().newResource(settings.directory()));
        files.setDirAllowed(settings.directoryListing());
        files.setWelcomeFiles(List.of("index.html"));
        files.setWelcomeMode(ResourceService.WelcomeMode.SERVE);
        files.setEtags(true);
        if (settings.cacheTimeout() > 0) {
            files.setCacheControl("max-age=" + settings.cacheTimeout());
        }
        if (!settings.mimeTypes().isEmpty()) {
            MimeTypes.Mutable types = new MimeTypes.Mutable(MimeTypes.DEFAULTS);
            settings.mimeTypes().forEach(types::addMimeMapping);
            files.setMimeTypes(types);
        }
        ContextHandler context = new ContextHandler(files, path);
        context.setAllowNullPathInContext(false);
        return context;
    }

    /** {@code redirect}: 302 Found to the configured URL for every method. */
    static Handler redirect(PathSettings.RedirectService settings) {
        return new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(HttpStatus.FOUND_302);
                response.getHeaders().put(HttpHeader.LOCATION, settings.url());
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
                callback.succeeded();
                return true;
            }
        };
    }

    /** {@code json}: the configured value for GET and HEAD, 405 otherwise. */
    static Handler json(PathSettings.JsonService settings) {
        return fixed(() -> settings.body() + "\n", "application/json; charset=utf-8");
    }

    /** {@code nodeinfo}: the node's status as JSON (what the transport's {@code status} says). */
    static Handler nodeInfo(Supplier<Map<String, Object>> status) {
        return fixed(() -> {
            try {
                return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(status.get()) + "\n";
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }, "application/json; charset=utf-8");
    }

    private static Handler fixed(Supplier<String> body, String contentType) {
        return new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String method = request.getMethod();
                if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
                    response.setStatus(HttpStatus.METHOD_NOT_ALLOWED_405);
                    response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
                    callback.succeeded();
                    return true;
                }
                response.setStatus(HttpStatus.OK_200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
                response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
                Content.Sink.write(response, true, HttpMethod.HEAD.is(method) ? "" : body.get(), callback);
                return true;
            }
        };
    }
}
