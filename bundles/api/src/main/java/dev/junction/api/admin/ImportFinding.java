package dev.junction.api.admin;

/**
 * One thing an import reports.
 *
 * @param kind how bad it is
 * @param path the key path in the imported file, e.g. {@code workers[0].realms[0].roles[1].permissions[0].validate}
 * @param message what and why
 * @param instead what to do instead, or {@code null}
 */
public record ImportFinding(Kind kind, String path, String message, String instead) {

    /** How bad a finding is. */
    public enum Kind {
        /** The part named could not be read or is invalid; it was not applied (the rest was). */
        ERROR,
        /** Junction has no counterpart; the part was left out. */
        UNMAPPED,
        /** Applied, with a difference worth knowing. */
        NOTE,
        /** A configuration the import owns had been edited by hand; the imported file won. */
        OVERRIDDEN
    }

    @Override
    public String toString() {
        return kind + " " + path + ": " + message + (instead == null ? "" : " (instead: " + instead + ")");
    }
}
