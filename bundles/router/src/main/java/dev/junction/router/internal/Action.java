package dev.junction.router.internal;

/** What a session asks to do on a URI, as authorization rules and dynamic authorizers name it. */
enum Action {
    CALL("call"), REGISTER("register"), PUBLISH("publish"), SUBSCRIBE("subscribe");

    private final String wireName;

    Action(String wireName) {
        this.wireName = wireName;
    }

    /** The name in permission lines and in the {@code action} argument of a dynamic authorizer. */
    String wireName() {
        return wireName;
    }

    /** The action named {@code name}, or {@code null}. */
    static Action named(String name) {
        for (Action a : values()) {
            if (a.wireName.equals(name)) {
                return a;
            }
        }
        return null;
    }
}
