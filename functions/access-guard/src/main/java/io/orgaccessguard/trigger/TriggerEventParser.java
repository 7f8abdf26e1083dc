package io.orgaccessguard.trigger;

import io.orgaccessguard.core.model.Trigger;

import static io.orgaccessguard.trigger.JsonTree.at;
import static io.orgaccessguard.trigger.JsonTree.describe;
import static io.orgaccessguard.trigger.JsonTree.list;
import static io.orgaccessguard.trigger.JsonTree.object;
import static io.orgaccessguard.trigger.JsonTree.printable;
import static io.orgaccessguard.trigger.JsonTree.text;

import io.orgaccessguard.core.model.Trigger.AccountJoined;
import io.orgaccessguard.core.model.Trigger.NotAJoin;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
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
 * {@link AccountJoined}). Anything else is a {@link NotAJoin} with the reason. What the event says is echoed in reasons
 * only shortened and without control characters: an event may be large and hostile.
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
    /**
     * A join names one account (two places may name it). An event naming more than this is no join event AWS sends;
     * none of its IDs is acted on, and the recent joins are reconciled instead, as for an event that names none.
     */
    public static final int MAX_CANDIDATES = 10;
    /** How much of a value of the event a reason repeats. */
    private static final int ECHO_LENGTH = 64;
    /** How many ignored values a log line lists (the rest are counted). */
    private static final int IGNORED_LISTED = 5;

    private TriggerEventParser() {
    }

    /** An event as EventBridge delivers it, whole, as a JSON tree. */
    public static Trigger parse(Object event) {
        if (!(event instanceof Map<?, ?>)) {
            return new NotAJoin("the event is " + describe(event) + ", not a JSON object");
        }
        String source = text(event, "source").orElse("");
        String detailType = text(event, "detail-type").orElse("");
        Optional<Map<?, ?>> detail = object(event, "detail");
        if (detail.isEmpty()) {
            return notFromCloudTrail(source, detailType).orElseGet(() -> new NotAJoin("detail is "
                    + at(event, "detail").map(JsonTree::describe).orElse("missing") + ", not an object"));
        }
        return parse(source, detailType, detail.get(), text(event, "time").flatMap(TriggerEventParser::instant));
    }

    /**
     * An event by its envelope's fields (as the join handler reads them from the library's type for an EventBridge
     * event) and its CloudTrail {@code detail}, a JSON tree.
     *
     * @param time the envelope's time, when the detail has no {@code eventTime}
     */
    public static Trigger parse(String source, String detailType, Map<?, ?> detail, Optional<Instant> time) {
        Optional<NotAJoin> notFromCloudTrail = notFromCloudTrail(source == null ? "" : source,
                detailType == null ? "" : detailType);
        if (notFromCloudTrail.isPresent()) {
            return notFromCloudTrail.get();
        }
        String eventSource = text(detail, "eventSource").orElse("organizations.amazonaws.com");
        if (!eventSource.equals("organizations.amazonaws.com")) {
            return new NotAJoin("eventSource '" + echo(eventSource) + "' is not organizations.amazonaws.com");
        }
        Optional<String> errorCode = text(detail, "errorCode");
        if (errorCode.isPresent()) {
            return new NotAJoin("the CloudTrail event records a failed call (" + echo(errorCode.get()) + ")");
        }
        String eventName = text(detail, "eventName").orElse("");
        Instant eventTime = text(detail, "eventTime").flatMap(TriggerEventParser::instant)
                .or(() -> time)
                // An unreadable time only widens the reconcile window to "now".
                .orElseGet(Instant::now);
        return switch (eventName) {
            case ACCOUNT_JOINED -> accountJoined(detail, eventTime);
            case ACCEPT_HANDSHAKE -> handshakeAccepted(detail, eventTime);
            default -> new NotAJoin("eventName '" + echo(eventName) + "' is not " + ACCOUNT_JOINED + " or "
                    + ACCEPT_HANDSHAKE);
        };
    }

    /** Why an envelope is no Organizations event delivered through CloudTrail, if it is not. */
    private static Optional<NotAJoin> notFromCloudTrail(String source, String detailType) {
        if (!source.equals("aws.organizations")) {
            return Optional.of(new NotAJoin("source is '" + echo(source) + "', not aws.organizations"));
        }
        if (!DETAIL_TYPES.contains(detailType)) {
            return Optional.of(new NotAJoin("detail-type '" + echo(detailType) + "' is not a CloudTrail event"));
        }
        return Optional.empty();
    }

    private static Trigger accountJoined(Map<?, ?> detail, Instant eventTime) {
        var ids = new LinkedHashSet<String>();
        var ignored = new ArrayList<String>();
        scanForAccountIds(detail, "detail", ids, ignored, 0);
        Optional<String> joinedMethod = firstText(detail, "joinedMethod", "JoinedMethod")
                .map(method -> method.toUpperCase(Locale.ROOT));
        return new AccountJoined(ACCOUNT_JOINED, plausible(ids, ignored), Optional.empty(), joinedMethod, eventTime,
                summary(ignored));
    }

    private static Trigger handshakeAccepted(Map<?, ?> detail, Instant eventTime) {
        Optional<Map<?, ?>> handshake = object(detail, "responseElements", "handshake")
                .or(() -> object(detail, "responseElements", "Handshake"));
        if (handshake.isPresent()) {
            String state = field(handshake.get(), "state").orElse("ACCEPTED");
            if (!state.equalsIgnoreCase("ACCEPTED")) {
                return new NotAJoin("handshake state is " + echo(state) + ", not ACCEPTED");
            }
            String action = field(handshake.get(), "action").orElse("INVITE");
            if (!action.equalsIgnoreCase("INVITE")) {
                return new NotAJoin("handshake action is " + echo(action) + ", not an invitation to join");
            }
        }
        var ids = new LinkedHashSet<String>();
        var ignored = new ArrayList<String>();
        List<?> parties = handshake.map(h -> list(h, "parties").isEmpty() ? list(h, "Parties") : list(h, "parties"))
                .orElse(List.of());
        for (int i = 0; i < parties.size(); i++) {
            Object party = parties.get(i);
            if (field(party, "type").orElse("").equalsIgnoreCase("ACCOUNT")) {
                Object id = at(party, "id").or(() -> at(party, "Id")).orElse(null);
                accountId("detail.responseElements.handshake.parties[" + i + "].id", id, ids, ignored);
            }
        }
        // The caller of AcceptHandshake is a principal of the account that joins.
        accountId("detail.userIdentity.accountId", at(detail, "userIdentity", "accountId").orElse(null), ids,
                ignored);
        Optional<String> handshakeId = handshake.flatMap(h -> field(h, "id"))
                .or(() -> text(detail, "requestParameters", "handshakeId"));
        return new AccountJoined(ACCEPT_HANDSHAKE, plausible(ids, ignored), handshakeId, Optional.of("INVITED"),
                eventTime, summary(ignored));
    }

    /** Takes {@code value} as an account ID when it is a 12-digit string; anything else given is ignored, and said. */
    private static void accountId(String path, Object value, Set<String> found, List<String> ignored) {
        if (value instanceof String id && ACCOUNT_ID.matcher(id).matches()) {
            found.add(id);
        } else if (value != null && !"".equals(value)) {
            ignored.add(printable(path, 2 * ECHO_LENGTH) + " is " + shown(value) + ", not a 12-digit account ID");
        }
    }

    /** The candidates, unless there are more than a join could name: then none, and why. */
    private static List<String> plausible(Set<String> ids, List<String> ignored) {
        if (ids.size() <= MAX_CANDIDATES) {
            return List.copyOf(ids);
        }
        ignored.addFirst("all " + ids.size() + " account IDs the event names (a join names one; an event naming"
                + " more than " + MAX_CANDIDATES + " is not taken at its word)");
        return List.of();
    }

    private static List<String> summary(List<String> ignored) {
        if (ignored.size() <= IGNORED_LISTED) {
            return List.copyOf(ignored);
        }
        var listed = new ArrayList<>(ignored.subList(0, IGNORED_LISTED));
        listed.add("and " + (ignored.size() - IGNORED_LISTED) + " more");
        return listed;
    }

    private static String shown(Object value) {
        if (value instanceof String text) {
            return "'" + echo(text) + "'";
        }
        if (value instanceof Number number) {
            return "the number " + printable(number.toString(), ECHO_LENGTH);
        }
        return describe(value);
    }

    private static String echo(String text) {
        return printable(text, ECHO_LENGTH);
    }

    /**
     * Depth-first scan for 12-digit strings under account-ID keys, or under "id" of an "account" object. Anything else
     * under those keys (a number that lost its leading zeros, 11 or 13 digits, spaces, letters) is ignored, and said.
     */
    private static void scanForAccountIds(Object node, String path, Set<String> found, List<String> ignored,
                                          int depth) {
        if (depth > MAX_SCAN_DEPTH) {
            return;
        }
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                if (NOT_THE_JOINER.contains(key)) {
                    continue;
                }
                String at = path + "." + printable(key, ECHO_LENGTH);
                if (ACCOUNT_ID_KEY.matcher(key).matches()) {
                    accountId(at, entry.getValue(), found, ignored);
                } else if (key.equalsIgnoreCase("account") && entry.getValue() instanceof Map<?, ?> account) {
                    String idKey = account.containsKey("id") ? "id" : "Id";
                    accountId(at + "." + idKey, account.get(idKey), found, ignored);
                }
                scanForAccountIds(entry.getValue(), at, found, ignored, depth + 1);
            }
        } else if (node instanceof List<?> items) {
            for (int i = 0; i < items.size(); i++) {
                scanForAccountIds(items.get(i), path + "[" + i + "]", found, ignored, depth + 1);
            }
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

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
