/**
 * Cookie tracking (Crossbar's {@code cookie} block of a WebSocket transport), shared by every transport that answers
 * an HTTP upgrade (the WebSocket transport today, the web transport's WebSocket services next):
 * {@link dev.junction.transport.cookie.CookieSettings} checks the flattened {@code cookie.*} keys,
 * {@link dev.junction.transport.cookie.CookieTracker} reads the cookie of an upgrade request and writes the
 * {@code Set-Cookie} of the answer, and a {@link dev.junction.transport.cookie.CookieStore} (in memory, or an
 * append-only file that survives a restart) holds what each cookie remembers. The store is an interface so that a
 * cluster can replace it with a shared one.
 */
@Export
@Version("1.1.0")
package dev.junction.transport.cookie;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
