package io.orgaccessguard.trigger;

import static io.orgaccessguard.trigger.JsonTree.at;
import static io.orgaccessguard.trigger.JsonTree.describe;
import static io.orgaccessguard.trigger.JsonTree.list;
import static io.orgaccessguard.trigger.JsonTree.object;
import static io.orgaccessguard.trigger.JsonTree.text;

import io.orgaccessguard.trigger.Trigger.AccountJoined;
import io.orgaccessguard.trigger.Trigger.NotAJoin;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an EventBridge event from {@code aws.organizations} delivered through CloudTrail into a {@link Trigger}.
 *
 * <p>Two signals mean "an account joined": {@code AccountJoinedOrganization} (logged in the management account since
 * 2026; where it names the new account is not documented) and a successful {@code AcceptHandshake} of an invitation.
 * Account IDs are collected from every place they have been seen; none found is not an error (see
 * {@link AccountJoined}). Anything else is a {@link NotAJoin} with the reason.
 */
public final class TriggerEventParser {

    static final String ACCOUNT_JOINED = "AccountJoinedOrganization";
    static final String ACCEPT_HANDSHAKE = "AcceptHandshake";
    private static final Set<String> DETAIL_TYPES =
            Set.of("AWS API Call via CloudTrail", "AWS Service Event via CloudTrail");
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    /** Keys under which an event may carry the joining account: newAccountId, memberAccountId, accountId, ... */
    private static final Pattern ACCOUNT_ID_KEY =
            Pattern.compile("(?i)(new|member|joined|joining|invited|target)?_?account_?id");
    /** Whose account these are: the caller, or the account that logged the event, not the one that joined. */
    private static final Set<String> NOT_THE_JOINER = Set.of("userIdentity", "recipientAccountId", "sharedEventID");
    private static final int MAX_SCAN_DEPTH = 12;

    private TriggerEventParser() {
    }

    public static Trigger parse(Object event) {
        if (!(event instanceof Map<?, ?>)) {
            return new NotAJoin("the event is " + describe(event) + ", not a JSON object");
        }
        String source = text(event, "source").orElse("");
        if (!source.equals("aws.organizations")) {
            return new NotAJoin("source is '" + source + "', not aws.organizations");
        }
        String detailType = text(event, "detail-type").orElse("");
        if (!DETAIL_TYPES.contains(detailType)) {
            return new NotAJoin("detail-type '" + detailType + "' is not a CloudTrail event");
        }
        Optional<Map<?, ?>> detail = object(event, "detail");
        if (detail.isEmpty()) {
            return new NotAJoin("detail is " + at(event, "detail").map(JsonTree::describe).orElse("missing")
                    + ", not an object");
        }
        String eventSource = text(detail.get(), "eventSource").orElse("organizations.amazonaws.com");
        if (!eventSource.equals("organizations.amazonaws.com")) {
            return new NotAJoin("eventSource '" + eventSource + "' is not organizations.amazonaws.com");
        }
        Optional<String> errorCode = text(detail.get(), "errorCode");
        if (errorCode.isPresent()) {
            return new NotAJoin("the CloudTrail event records a failed call (" + errorCode.get() + ")");
        }
        String eventName = text(detail.get(), "eventName").orElse("");
        Instant eventTime = time(detail.get(), event);
        return switch (eventName) {
            case ACCOUNT_JOINED -> accountJoined(detail.get(), eventTime);
            case ACCEPT_HANDSHAKE -> handshakeAccepted(detail.get(), eventTime);
            default -> new NotAJoin("eventName '" + eventName + "' is not " + ACCOUNT_JOINED + " or "
                    + ACCEPT_HANDSHAKE);
        };
    }

    private static Trigger accountJoined(Map<?, ?> detail, Instant eventTime) {
        var ids = new LinkedHashSet<String>();
        scanForAccountIds(detail, ids, 0);
        Optional<String> joinedMethod = firstText(detail, "joinedMethod", "JoinedMethod")
                .map(method -> method.toUpperCase(Locale.ROOT));
        return new AccountJoined(ACCOUNT_JOINED, List.copyOf(ids), Optional.empty(), joinedMethod, eventTime);
    }

    private static Trigger handshakeAccepted(Map<?, ?> detail, Instant eventTime) {
        Optional<Map<?, ?>> handshake = object(detail, "responseElements", "handshake")
                .or(() -> object(detail, "responseElements", "Handshake"));
        if (handshake.isPresent()) {
            String state = field(handshake.get(), "state").orElse("ACCEPTED");
            if (!state.equalsIgnoreCase("ACCEPTED")) {
                return new NotAJoin("handshake state is " + state + ", not ACCEPTED");
            }
            String action = field(handshake.get(), "action").orElse("INVITE");
            if (!action.equalsIgnoreCase("INVITE")) {
                return new NotAJoin("handshake action is " + action + ", not an invitation to join");
            }
        }
        var ids = new LinkedHashSet<String>();
        for (Object party : handshake.map(h -> list(h, "parties").isEmpty() ? list(h, "Parties") : list(h, "parties"))
                .orElse(List.of())) {
            String type = field(party, "type").orElse("");
            field(party, "id").filter(id -> type.equalsIgnoreCase("ACCOUNT"))
                    .filter(id -> ACCOUNT_ID.matcher(id).matches()).ifPresent(ids::add);
        }
        // The caller of AcceptHandshake is a principal of the account that joins.
        text(detail, "userIdentity", "accountId").filter(id -> ACCOUNT_ID.matcher(id).matches()).ifPresent(ids::add);
        Optional<String> handshakeId = handshake.flatMap(h -> field(h, "id"))
                .or(() -> text(detail, "requestParameters", "handshakeId"));
        return new AccountJoined(ACCEPT_HANDSHAKE, List.copyOf(ids), handshakeId, Optional.of("INVITED"), eventTime);
    }

    /** Depth-first scan for 12-digit strings under account-ID keys, or under "id" of an "account" object. */
    private static void scanForAccountIds(Object node, Set<String> found, int depth) {
        if (depth > MAX_SCAN_DEPTH) {
            return;
        }
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                if (NOT_THE_JOINER.contains(key)) {
                    continue;
                }
                if (entry.getValue() instanceof String value && ACCOUNT_ID.matcher(value).matches()
                        && ACCOUNT_ID_KEY.matcher(key).matches()) {
                    found.add(value);
                } else if (key.equalsIgnoreCase("account")) {
                    field(entry.getValue(), "id").filter(id -> ACCOUNT_ID.matcher(id).matches()).ifPresent(found::add);
                }
                scanForAccountIds(entry.getValue(), found, depth + 1);
            }
        } else if (node instanceof List<?> items) {
            items.forEach(item -> scanForAccountIds(item, found, depth + 1));
        }
    }

    private static Optional<String> firstText(Object node, String... keys) {
        if (node instanceof Map<?, ?> map) {
            for (String key : keys) {
                if (map.get(key) instanceof String value) {
                    return Optional.of(value);
                }
            }
            for (Object child : map.values()) {
                Optional<String> found = firstText(child, keys);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** CloudTrail writes camelCase, the Organizations API PascalCase; events have shown both. */
    private static Optional<String> field(Object node, String camelCaseKey) {
        String pascal = Character.toUpperCase(camelCaseKey.charAt(0)) + camelCaseKey.substring(1);
        return text(node, camelCaseKey).or(() -> text(node, pascal));
    }

    private static Instant time(Map<?, ?> detail, Object event) {
        for (String value : List.of(text(detail, "eventTime").orElse(""), text(event, "time").orElse(""))) {
            try {
                if (!value.isEmpty()) {
                    return Instant.parse(value);
                }
            } catch (DateTimeParseException ignored) {
                // An unreadable time only widens the reconcile window to "now".
            }
        }
        return Instant.now();
    }
}
