package io.orgaccessguard.emulator.seed;

import java.util.Map;

/** An organization root ({@code r-xxxx}). */
public record RootSeed(String id, String name, Map<String, String> tags) {

    /** The name Organizations gives a root. */
    static final String NAME = "Root";
    /** The root of an organization whose seed names none. */
    static final RootSeed DEFAULT = of("r-exam");

    public RootSeed {
        tags = Map.copyOf(tags);
    }

    /** A root named as Organizations names it, without tags. */
    public static RootSeed of(String id) {
        return new RootSeed(id, NAME, Map.of());
    }
}
