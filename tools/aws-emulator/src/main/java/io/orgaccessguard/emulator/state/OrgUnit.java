package io.orgaccessguard.emulator.state;

/** A root ({@code parentId} null) or an organizational unit. */
public record OrgUnit(String id, String arn, String name, String parentId) {

    public boolean isRoot() {
        return parentId == null;
    }
}
