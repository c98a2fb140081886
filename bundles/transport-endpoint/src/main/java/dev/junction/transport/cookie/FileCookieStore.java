package dev.junction.transport.cookie;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.junction.spi.transport.CookieAuth;

/**
 * Cookies in an append-only file of JSON lines, as Crossbar's file store: every change appends the whole entry
 * ({@code {"id", "created", "auth"}}), and the last line of an id wins when the file is read back.
 *
 * <p><b>Crash safety.</b> A crash in the middle of an append leaves a torn last line: reading skips every line that
 * does not parse (and says how many). At every open the live entries are compacted into a temporary file in the
 * same directory, forced to disk and atomically moved over the old file, so the file does not grow without bound,
 * a torn line never has a record appended to it, and a crash during compaction leaves either the old or the new
 * file. Appends are not forced to disk one by one: a process crash loses nothing, a power loss may lose the last
 * few cookies.
 */
public final class FileCookieStore extends MemoryCookieStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileCookieStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Object writeLock = new Object();
    private FileChannel channel;

    private FileCookieStore(Path file, long maxAgeSeconds, Clock clock) {
        super(maxAgeSeconds, clock);
        this.file = file;
    }

    /**
     * Reads {@code file} back (unless {@code purge}), compacts it and opens it for appending.
     *
     * @throws IOException when the file or its directory cannot be read or written
     */
    public static FileCookieStore open(Path file, long maxAgeSeconds, boolean purge, Clock clock) throws IOException {
        FileCookieStore store = new FileCookieStore(file, maxAgeSeconds, clock);
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        if (!purge && Files.exists(file)) {
            store.readBack(Files.readAllLines(file, StandardCharsets.UTF_8));
        }
        store.compact(directory);
        store.channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        return store;
    }

    private void readBack(List<String> lines) {
        int skipped = 0;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            try {
                Map<?, ?> record = JSON.readValue(line, Map.class);
                String id = (String) record.get("id");
                long created = ((Number) record.get("created")).longValue();
                Entry entry = new Entry(created, auth(record.get("auth")));
                load(id, expired(entry) ? null : entry);
            } catch (JsonProcessingException | RuntimeException e) {
                skipped++;
            }
        }
        if (skipped > 0) {
            LOG.warn("Cookie store {}: skipped {} unreadable line(s) (a write torn by a crash)", file, skipped);
        }
    }

    private void compact(Path directory) throws IOException {
        Path temporary = Files.createTempFile(directory, file.getFileName().toString(), ".tmp");
        try {
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE);
                    BufferedWriter writer = new BufferedWriter(
                            java.nio.channels.Channels.newWriter(out, StandardCharsets.UTF_8))) {
                for (Map.Entry<String, Entry> e : snapshot().entrySet()) {
                    writer.write(line(e.getKey(), e.getValue()));
                }
                writer.flush();
                out.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    void written(String id, Entry entry) {
        ByteBuffer bytes = ByteBuffer.wrap(line(id, entry).getBytes(StandardCharsets.UTF_8));
        synchronized (writeLock) {
            if (channel == null) {
                return; // closed
            }
            try {
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cookie store " + file + ": cannot append", e);
            }
        }
    }

    @Override
    public void close() {
        synchronized (writeLock) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    LOG.warn("Cookie store {}: error closing", file, e);
                }
                channel = null;
            }
        }
        super.close();
    }

    /** The file (tests). */
    Path file() {
        return file;
    }

    static String line(String id, Entry entry) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", id);
        record.put("created", entry.createdMillis());
        CookieAuth auth = entry.auth();
        if (auth != null) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("authid", auth.authid());
            a.put("authrole", auth.authrole());
            a.put("authmethod", auth.authmethod());
            a.put("authprovider", auth.authprovider());
            a.put("realm", auth.realm());
            a.put("authextra", auth.authextra());
            record.put("auth", a);
        }
        try {
            return JSON.writeValueAsString(record) + "\n";
        } catch (JsonProcessingException e) {
            // authextra came from a WELCOME, so it is plain JSON-like data; anything else is a bug.
            throw new IllegalArgumentException("cookie " + id + ": authextra cannot be written as JSON", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static CookieAuth auth(Object value) {
        if (!(value instanceof Map<?, ?> a)) {
            return null;
        }
        Object extra = a.get("authextra");
        return new CookieAuth((String) a.get("authid"), (String) a.get("authrole"), (String) a.get("authmethod"),
                (String) a.get("authprovider"), (String) a.get("realm"),
                extra instanceof Map ? (Map<String, Object>) extra : Map.of());
    }
}
