package io.orgaccessguard.emulator.seed;

import java.util.Map;

/** An organizational unit ({@code ou-xxxx-xxxxxxxx}) under a root or another OU. */
public record OrgUnitSeed(String id, String name, String parentId, Map<String, String> tags) {
    public OrgUnitSeed {
        tags = Map.copyOf(tags);
    }
}
