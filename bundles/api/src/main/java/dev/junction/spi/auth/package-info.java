/**
 * The authentication method SPI ({@link dev.junction.spi.auth.Authenticator}) and the static principal store
 * ({@link dev.junction.spi.auth.PrincipalStore}). 1.1.0 added {@code Principal} and {@code PrincipalStore}; 1.2.0
 * added {@code AuthOutcome.Pass}, {@code Principal.certificateFingerprints} and
 * {@code PrincipalStore.byCertificateFingerprint}.
 */
@Export
@Version("1.2.0")
package dev.junction.spi.auth;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
