package io.orgaccessguard.core.run;

import io.orgaccessguard.json.Json;
import io.orgaccessguard.core.model.CheckRequest.AccountList;
import io.orgaccessguard.core.model.CheckRequest.AllAccounts;
import io.orgaccessguard.core.model.CheckRequest.ScheduledRun;
import io.orgaccessguard.core.model.CheckRequest.OrganizationalUnit;
import io.orgaccessguard.core.model.CheckRequest.Selection;
import io.orgaccessguard.core.model.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a run that ran out of time stopped. Accounts are processed in ascending ID order, and a run stops starting
 * accounts before it stops, so every account up to {@code lastAccountId} is done and none after it has begun.
 *
 * @param selection a fingerprint of what the run covers, so a cursor cannot continue a different selection
 */
public record RunCursor(String selection, String lastAccountId) {

    /** Sorts before every account ID: a run that had no time for even one account continues from the start. */
    public static final String BEFORE_FIRST = "000000000000";

    public static RunCursor after(Selection selection, String lastAccountId) {
        return new RunCursor(fingerprint(selection), lastAccountId);
    }

    public String encode() {
        var json = new LinkedHashMap<String, Object>();
        json.put("v", 1);
        json.put("selection", selection);
        json.put("after", lastAccountId);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(json)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a cursor for this selection; a cursor of another selection or not ours is refused, naming the field. */
    public static RunCursor decode(String encoded, Selection selection) {
        Map<?, ?> json;
        try {
            Object parsed = Json.parse(new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8));
            json = parsed instanceof Map<?, ?> map ? map : Map.of();
        } catch (IllegalArgumentException | Json.MalformedJsonException e) {
            json = Map.of();
        }
        if (!(json.get("selection") instanceof String fingerprint) || !(json.get("after") instanceof String after)
                || !after.matches("\\d{12}")) {
            throw new InvalidRequestException("cursor", "is not a cursor returned by org-access-guard");
        }
        if (!fingerprint.equals(fingerprint(selection))) {
            throw new InvalidRequestException("cursor", "was returned for a different selection; repeat the same"
                    + " accountIds, all or organizationalUnitId with it");
        }
        return new RunCursor(fingerprint, after);
    }

    private static String fingerprint(Selection selection) {
        return switch (selection) {
            case AllAccounts all -> "all";
            case ScheduledRun run -> "scheduled";
            case OrganizationalUnit ou -> "ou:" + ou.id() + (ou.recursive() ? ":recursive" : "");
            case AccountList list -> "ids:" + sha256(String.join(",", list.accountIds().stream().sorted().toList()));
        };
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
