package io.orgaccessguard.aws;

import io.orgaccessguard.core.port.StatusStore;
import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.core.model.StatusRecord;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Optional;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Tag;

/**
 * {@link StatusStore} as tags: keeps each account's last access status as tags on the account in Organizations: no database to run, and visible to
 * operators in the console ({@code org-access-guard:status}) and to tag-based tooling.
 */
public final class AccountStatusTags implements StatusStore {

    public static final String STATUS = "org-access-guard:status";
    public static final String SINCE = "org-access-guard:since";
    public static final String NOTIFIED = "org-access-guard:notified";
    /** What this tool changed when the account entered its status; {@value #NO_CHANGE} when nothing. */
    public static final String CHANGE = "org-access-guard:change";
    static final String NO_CHANGE = "none";

    private final OrganizationsClient organizations;

    public AccountStatusTags(OrganizationsClient organizations) {
        this.organizations = organizations;
    }

    /** The recorded status, or empty when none (or an unreadable one) is recorded. */
    @Override
    public Optional<StatusRecord> read(String accountId) {
        var tags = new HashMap<String, String>();
        AwsErrors.run("organizations:ListTagsForResource", () -> organizations
                .listTagsForResourcePaginator(r -> r.resourceId(accountId)).stream()
                .flatMap(page -> page.tags().stream()).forEach(tag -> tags.put(tag.key(), tag.value())));
        if (!tags.containsKey(STATUS)) {
            return Optional.empty();
        }
        try {
            Instant since = Instant.parse(tags.getOrDefault(SINCE, Instant.EPOCH.toString()));
            Optional<Instant> notified = Optional.ofNullable(tags.get(NOTIFIED)).map(Instant::parse);
            return Optional.of(new StatusRecord(tags.get(STATUS), since, notified, change(tags.get(CHANGE))));
        } catch (DateTimeParseException e) {
            // Someone edited the tags by hand: treat the account as never seen, so nothing is missed.
            return Optional.empty();
        }
    }

    @Override
    public void write(String accountId, StatusRecord record) {
        var tags = new ArrayList<Tag>();
        tags.add(tag(STATUS, record.status()));
        tags.add(tag(SINCE, seconds(record.since())));
        record.notifiedAt().ifPresent(at -> tags.add(tag(NOTIFIED, seconds(at))));
        // Always written: TagResource keeps keys it is not given, and a stale change must not be announced again.
        tags.add(tag(CHANGE, record.change().map(Outcome::name).orElse(NO_CHANGE)));
        AwsErrors.run("organizations:TagResource", () -> organizations.tagResource(r -> r.resourceId(accountId)
                .tags(tags)));
    }

    /** A change recorded by hand or by a later version that this one does not know reads as none. */
    private static Optional<Outcome> change(String value) {
        return Arrays.stream(Outcome.values()).filter(outcome -> outcome.isChange() && outcome.name().equals(value))
                .findFirst();
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private static String seconds(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
