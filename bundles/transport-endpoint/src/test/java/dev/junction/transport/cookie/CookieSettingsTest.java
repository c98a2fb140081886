package dev.junction.transport.cookie;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.junction.spi.config.ConfigValidator;

class CookieSettingsTest {

    private static final Path BASE = Path.of("/var/junction/data");

    private static ConfigValidator validator(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.put("service.pid", "dev.junction.transport.websocket~t");
        return new ConfigValidator("dev.junction.transport.websocket~t", all);
    }

    @Test
    void noCookieKeyOrAnEmptyStoreTypeMeansNoTracking() {
        assertThat(CookieSettings.parse(validator(Map.of()), BASE)).isNull();
        ConfigValidator v = validator(Map.of("cookie.store.type", "", "cookie.name", "cbtid"));
        assertThat(CookieSettings.parse(v, BASE)).isNull();
        assertThat(v.ok()).isTrue();
    }

    @Test
    void defaultsAreCrossbarsCodeDefaults() {
        ConfigValidator v = validator(Map.of("cookie.store.type", "memory"));
        CookieSettings s = CookieSettings.parse(v, BASE);
        assertThat(v.ok()).isTrue();
        assertThat(s).isEqualTo(new CookieSettings("cbtid", 24, 604800, false, false, null, "memory", null, false));
    }

    @Test
    void aFileStoreResolvesARelativeFilenameAgainstTheDataDirectory() {
        ConfigValidator v = validator(Map.of("cookie.store.type", "file", "cookie.store.filename", "cookies.dat",
                "cookie.same_site", "lax", "cookie.max_age", "60"));
        CookieSettings s = CookieSettings.parse(v, BASE);
        assertThat(v.ok()).isTrue();
        assertThat(s.storeFile()).isEqualTo(BASE.resolve("cookies.dat").toAbsolutePath());
        assertThat(s.sameSite()).isEqualTo("Lax");
        assertThat(s.maxAgeSeconds()).isEqualTo(60);
    }

    @Test
    void badValuesAreRefusedWithKeyValueAndWhatIsAllowed() {
        ConfigValidator v = validator(Map.of("cookie.name", "Bad-Name", "cookie.length", "5", "cookie.max_age", "0",
                "cookie.same_site", "sometimes", "cookie.store.type", "database", "cookie.colour", "blue"));
        assertThat(CookieSettings.parse(v, BASE)).isNull();
        assertThat(v.summary()).contains("cookie.name", "Bad-Name", "cookie.length", "6..64", "cookie.max_age",
                "cookie.same_site", "Strict|Lax|None", "cookie.store.type", "use file", "cookie.colour");

        ConfigValidator noFile = validator(Map.of("cookie.store.type", "file"));
        assertThat(CookieSettings.parse(noFile, BASE)).isNull();
        assertThat(noFile.summary()).contains("cookie.store.filename", "required");
    }
}
