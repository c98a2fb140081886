package dev.junction.interop;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The web console in a real browser (browser/test/console.test.mjs): headless Debian Chromium
 * ({@code scripts/install-test-deps.sh} installs it) driven by playwright-core logs in, creates a second WebSocket
 * transport through the Configuration page's form, connects a client to it and finds its session on the WAMP page.
 * Screenshots: target/screenshots/.
 */
@ExtendWith({JunctionServerExtension.class, PrintingWatcher.class})
class BrowserIT {
    @Test
    void consoleInChromium(JunctionServer server) throws Exception {
        ChromiumSuite.run(server, "console.test.mjs", Map.of(
                "JUNCTION_CONSOLE_URL", "http://127.0.0.1:" + server.httpPort() + "/system/console",
                "JUNCTION_CONSOLE_USER", JunctionServer.SHELL_USER,
                "JUNCTION_CONSOLE_PASSWORD", server.shellPassword(),
                "JUNCTION_BROWSER_TRANSPORT_PORT", String.valueOf(JunctionServer.freePorts(1).get(0))),
                "console-wamp-page.png");
    }
}
