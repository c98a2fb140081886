package dev.junction.webconsole.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.framework.Constants;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps etc/ the source of truth for Junction's configurations in Karaf. FileInstall writes a changed
 * configuration back to its file only while the configuration carries {@code felix.fileinstall.filename}; the web
 * console's form drops that property when it saves, and a configuration created in the console never had one. So
 * whenever a {@code dev.junction.*} configuration is saved without it, this gives it its file:
 * {@code etc/<pid>.cfg}, or {@code etc/<factory pid>-<name>.cfg} for a factory configuration (the name is the one
 * in its PID {@code factory~name}, else its {@code id} or {@code name} key, else the console's generated suffix).
 * It sets the property first and then writes a missing file, so that FileInstall, finding the file, sees it as the
 * configuration's own and does not create a second configuration from it; an existing file FileInstall rewrites
 * itself ({@code felix.fileinstall.enableConfigSave}, on in Karaf). Outside Karaf ({@code karaf.etc} unset) it does
 * nothing, and it leaves alone the configurations a Crossbar import keeps, whose source is the imported file.
 */
@Component(service = ConfigurationListener.class, immediate = true)
public final class EtcWriteBack implements ConfigurationListener {
    static final String FILENAME = "felix.fileinstall.filename";
    /** Set on the configurations the Crossbar import keeps (bundle dev.junction.crossbar). */
    static final String IMPORTED_FROM = "junction.crossbar.source";
    private static final Logger LOG = LoggerFactory.getLogger(EtcWriteBack.class);

    private final ConfigurationAdmin configAdmin;
    private final Path etc;
    /**
     * The file of each configuration as last seen: the console's form drops the property when it saves an edit, and
     * the edit must go back to the same file.
     */
    private final Map<String, String> knownFiles = new java.util.concurrent.ConcurrentHashMap<>();

    @Activate
    public EtcWriteBack(@Reference ConfigurationAdmin configAdmin) {
        this.configAdmin = configAdmin;
        String dir = System.getProperty("karaf.etc");
        this.etc = dir == null ? null : Path.of(dir);
        try {
            Configuration[] all = configAdmin.listConfigurations("(" + Constants.SERVICE_PID + "=dev.junction.*)");
            for (Configuration c : all == null ? new Configuration[0] : all) {
                remember(c.getPid(), c.getProperties());
            }
        } catch (IOException | org.osgi.framework.InvalidSyntaxException e) {
            LOG.warn("Cannot list the Junction configurations: {}", e.toString());
        }
    }

    private void remember(String pid, Dictionary<String, Object> props) {
        Object file = props == null ? null : props.get(FILENAME);
        if (file != null) {
            knownFiles.put(pid, file.toString());
        }
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (event.getType() == ConfigurationEvent.CM_DELETED) {
            knownFiles.remove(event.getPid());
            return;
        }
        if (etc == null || event.getType() != ConfigurationEvent.CM_UPDATED
                || !event.getPid().startsWith("dev.junction.")) {
            return;
        }
        try {
            Configuration[] found = configAdmin.listConfigurations("(" + Constants.SERVICE_PID + "="
                    + event.getPid() + ")");
            if (found == null || found.length == 0) {
                return;
            }
            Configuration config = found[0];
            Dictionary<String, Object> props = config.getProperties();
            if (props == null) {
                return;
            }
            if (props.get(FILENAME) != null) {
                remember(config.getPid(), props);
                return;
            }
            if (props.get(IMPORTED_FROM) != null) {
                return; // an imported configuration: the imported file is its source of truth, not etc/
            }
            String known = knownFiles.get(config.getPid());
            Path file = known != null ? Path.of(java.net.URI.create(known))
                    : fileFor(etc, config.getPid(), config.getFactoryPid(), props);
            // FileInstall's own key form (File.toURI: file:/path), which it looks configurations up by.
            String key = known != null ? known : file.toAbsolutePath().toFile().toURI().toString();
            knownFiles.put(config.getPid(), key);
            props.put(FILENAME, key);
            config.update(props);
            if (!Files.exists(file)) {
                write(file, props);
                LOG.info("Configuration {} written to {}", config.getPid(), file);
            }
        } catch (IOException | org.osgi.framework.InvalidSyntaxException | RuntimeException e) {
            LOG.warn("Configuration {} could not be written back to etc/: {}", event.getPid(), e.toString());
        }
    }

    /** Where the configuration's file goes (FileInstall's naming: the first hyphen separates PID and name). */
    static Path fileFor(Path etc, String pid, String factoryPid, Dictionary<String, Object> props) {
        if (factoryPid == null) {
            return etc.resolve(pid + ".cfg");
        }
        String name;
        if (pid.startsWith(factoryPid + "~")) {
            name = pid.substring(factoryPid.length() + 1);
        } else {
            name = firstName(props.get("id"), props.get("name"), pid.substring(pid.lastIndexOf('.') + 1));
            Path candidate = etc.resolve(factoryPid + "-" + name + ".cfg");
            for (int n = 2; Files.exists(candidate); n++) {
                candidate = etc.resolve(factoryPid + "-" + name + "-" + n + ".cfg");
            }
            return candidate;
        }
        return etc.resolve(factoryPid + "-" + name + ".cfg");
    }

    private static String firstName(Object... candidates) {
        for (Object c : candidates) {
            if (c instanceof String s) {
                String safe = s.replaceAll("[^A-Za-z0-9_.@-]", "_");
                if (!safe.isBlank()) {
                    return safe;
                }
            }
        }
        return "new";
    }

    /** A Karaf .cfg file: {@code key = value}, lists as one comma-separated string (Junction reads both forms). */
    static void write(Path file, Dictionary<String, Object> props) throws IOException {
        Map<String, Object> sorted = new TreeMap<>();
        for (String key : Collections.list(props.keys())) {
            if (!key.equals(Constants.SERVICE_PID) && !key.equals(ConfigurationAdmin.SERVICE_FACTORYPID)
                    && !key.equals(FILENAME) && !key.equals(ConfigurationAdmin.SERVICE_BUNDLELOCATION)) {
                sorted.put(key, props.get(key));
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add("# Written by Junction when this configuration was saved outside etc/ (the web console);");
        lines.add("# from now on this file is the configuration: edit it here or in the console.");
        sorted.forEach((k, v) -> lines.add(k + " = " + escape(render(v))));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String render(Object v) {
        if (v instanceof Object[] a) {
            List<String> parts = new ArrayList<>();
            for (Object o : a) {
                parts.add(String.valueOf(o));
            }
            return String.join(", ", parts);
        }
        if (v != null && v.getClass().isArray()) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < java.lang.reflect.Array.getLength(v); i++) {
                parts.add(String.valueOf(java.lang.reflect.Array.get(v, i)));
            }
            return String.join(", ", parts);
        }
        if (v instanceof Iterable<?> i) {
            List<String> parts = new ArrayList<>();
            i.forEach(o -> parts.add(String.valueOf(o)));
            return String.join(", ", parts);
        }
        return String.valueOf(v);
    }

    /** Properties-file escaping for a value: backslashes, and line breaks that would end it. */
    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }
}
