package dev.junction.transport.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The path services without a router: static, redirect, json, nodeinfo; and the path dispatcher. */
class SimpleHandlersTest {
    @TempDir
    Path etc;

    private Path site() throws Exception {
        Path web = Files.createDirectories(etc.resolve("web"));
        Files.writeString(web.resolve("index.html"), "<html>index</html>");
        Files.writeString(web.resolve("app.js"), "console.log(1)");
        Files.writeString(web.resolve("style.css"), "body{}");
        Files.writeString(web.resolve("module.wasm"), "wasm");
        Files.createDirectories(web.resolve("sub"));
        Files.writeString(web.resolve("sub/page.html"), "<html>sub</html>");
        Files.writeString(etc.resolve("secret.txt"), "TOP-SECRET");
        return web;
    }

    @Test
    void staticFilesWithContentTypesCachingAndIndex() throws Exception {
        site();
        PathSettings p = WebFixture.path(etc, "path", "/", "type", "static", "directory", "web",
                "options.mime_types", new String[] { ".wasm=application/wasm" });
        try (WebFixture web = new WebFixture()) {
            web.mount(p.path(), SimpleHandlers.staticFiles(p.path(), (PathSettings.StaticService) p.service()));

            HttpResponse<String> index = web.get("/");
            assertThat(index.statusCode()).isEqualTo(200);
            assertThat(index.body()).isEqualTo("<html>index</html>");
            assertThat(index.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
            assertThat(index.headers().firstValue("Cache-Control")).contains("max-age=43200");
            assertThat(index.headers().firstValue("Server")).contains("Junction");

            assertThat(web.get("/app.js").headers().firstValue("Content-Type")).get().asString()
                    .contains("javascript");
            assertThat(web.get("/style.css").headers().firstValue("Content-Type")).get().asString()
                    .startsWith("text/css");
            assertThat(web.get("/module.wasm").headers().firstValue("Content-Type")).contains("application/wasm");
            assertThat(web.get("/sub/page.html").body()).isEqualTo("<html>sub</html>");
            assertThat(web.get("/missing.html").statusCode()).isEqualTo(404);
            // no index.html and no listing: not a directory listing
            assertThat(web.get("/sub/").statusCode()).isIn(403, 404);
        }
    }

    @Test
    void staticFilesCannotBeEscaped() throws Exception {
        site();
        PathSettings p = WebFixture.path(etc, "path", "/static", "type", "static", "directory", "web");
        try (WebFixture web = new WebFixture()) {
            web.mount(p.path(), SimpleHandlers.staticFiles(p.path(), (PathSettings.StaticService) p.service()));
            // positive control: a file inside is served, raw request as the attacks below
            assertThat(web.raw("/static/app.js")).startsWith("HTTP/1.1 200").contains("console.log(1)");
            for (String attack : new String[] { "/static/../secret.txt", "/static/%2e%2e/secret.txt",
                    "/static/%2E%2E/secret.txt", "/static/..%2fsecret.txt", "/static/%2e%2e%2fsecret.txt",
                    "/static/..%5csecret.txt", "/static/..\\secret.txt", "/static/sub/../../secret.txt",
                    "/static/%252e%252e/secret.txt", "/static/.%2e/secret.txt", "/static/..;/secret.txt",
                    "/static/%c0%ae%c0%ae/secret.txt", "/static/..%00/secret.txt" }) {
                String response = web.raw(attack);
                assertThat(response).as(attack).doesNotContain("TOP-SECRET");
                assertThat(response).as(attack).matches("(?s)HTTP/1.1 (400|404).*");
            }
        }
    }

    @Test
    void redirectJsonAndNodeInfo() throws Exception {
        try (WebFixture web = new WebFixture()) {
            PathSettings redirect = WebFixture.path(etc, "path", "/old", "type", "redirect", "url",
                    "https://example.org/new");
            web.mount(redirect.path(), SimpleHandlers.redirect((PathSettings.RedirectService) redirect.service()));
            PathSettings json = WebFixture.path(etc, "path", "/config", "type", "json", "value",
                    "{\"version\": 2, \"ws\": \"/ws\"}");
            web.mount(json.path(), SimpleHandlers.json((PathSettings.JsonService) json.service()));
            web.mount("/info", SimpleHandlers.nodeInfo(() -> WebServer.status("test", "tcp:127.0.0.1:1", 3, 0)));

            HttpResponse<String> r = web.get("/old");
            assertThat(r.statusCode()).isEqualTo(302);
            assertThat(r.headers().firstValue("Location")).contains("https://example.org/new");

            HttpResponse<String> j = web.get("/config");
            assertThat(j.statusCode()).isEqualTo(200);
            assertThat(j.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
            assertThat(Json.MAPPER.readValue(j.body(), Map.class)).isEqualTo(Map.of("version", 2, "ws", "/ws"));
            assertThat(web.post("/config", "application/json", "{}").statusCode()).isEqualTo(405);

            HttpResponse<String> info = web.get("/info");
            assertThat(info.statusCode()).isEqualTo(200);
            assertThat(Json.MAPPER.readValue(info.body(), Map.class)).containsEntry("transport", "test")
                    .containsEntry("paths", 3);

            // the dispatcher: longest prefix, segment boundaries, nothing at / -> 404
            assertThat(web.get("/oldx").statusCode()).isEqualTo(404);
            assertThat(web.get("/old/deeper").statusCode()).isEqualTo(302);
            assertThat(web.get("/").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void badPathConfigurationsAreRefusedWithKeyAndValue() {
        assertThatThrownBy(() -> WebFixture.path(etc, "path", "/a/../b", "type", "static", "directory", "web"))
                .hasMessageContaining("path=/a/../b");
        assertThatThrownBy(() -> WebFixture.path(etc, "path", "/x", "type", "ftp"))
                .hasMessageContaining("type=ftp");
        assertThatThrownBy(() -> WebFixture.path(etc, "path", "/x", "type", "json", "value", "{nope"))
                .hasMessageContaining("value=");
        assertThatThrownBy(() -> WebFixture.path(etc, "path", "/x", "type", "caller"))
                .hasMessageContaining("realm");
        assertThatThrownBy(() -> WebFixture.path(etc, "path", "/x", "type", "publisher", "realm", "r",
                "options.require_ip", new String[] { "example.org" })).hasMessageContaining("options.require_ip");
        assertThatThrownBy(() -> WebFixture.path(etc, "path", "/x", "type", "publisher", "realm", "r",
                "options.secret", "s")).hasMessageContaining("options.key");
        assertThatThrownBy(() -> WebFixture.path(etc, "path", "/x", "type", "static")).hasMessageContaining(
                "directory");
        assertThatThrownBy(() -> WebFixture.path(etc, "path", "/x", "type", "static", "directory", "nowhere"))
                .hasMessageContaining("directory=nowhere, not a directory");
    }
}
