package dev.junction.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The web transport's shipped demo in a real browser (browser/test/web-demo.test.mjs): the page from etc/web and its
 * WAMP connection on one port, a separate Node client's event, the HTTP bridge with signatures and body limits.
 * Headless Debian Chromium ({@code scripts/install-test-deps.sh}) driven by playwright-core; the demo transport's
 * port comes from the fixture etc/dev.junction.transport.web-demo.cfg. Screenshot: target/screenshots/web-demo.png.
 */
@ExtendWith({JunctionServerExtension.class, PrintingWatcher.class})
class WebDemoBrowserIT {
    @Test
    void demoPageInChromium(JunctionServer server) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(server.serverDir() != null, "needs the harness's own server");
        assertThat(server.env()).as("the fixture web transport's port").containsKey("JUNCTION_PORT_WEB");
        ChromiumSuite.run(server, "web-demo.test.mjs", Map.of(), "web-demo.png");
    }
}
