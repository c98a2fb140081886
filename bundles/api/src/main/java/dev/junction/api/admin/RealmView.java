package dev.junction.api.admin;

/**
 * One realm.
 *
 * @param name the realm's URI
 * @param sessions joined sessions
 * @param subscriptions subscriptions (one per topic or pattern, whatever the number of subscribers)
 * @param registrations registrations
 * @param uriCheck {@code strict} or {@code loose}
 * @param metaApi whether the meta API is on
 */
public record RealmView(String name, int sessions, int subscriptions, int registrations, String uriCheck,
        boolean metaApi) {
}
