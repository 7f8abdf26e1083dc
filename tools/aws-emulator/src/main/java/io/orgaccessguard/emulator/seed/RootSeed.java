package io.orgaccessguard.emulator.seed;

import java.util.Map;

/** An organization root ({@code r-xxxx}). */
public record RootSeed(String id, String name, Map<String, String> tags) {
    public RootSeed {
        tags = Map.copyOf(tags);
    }
}
