package io.orgaccessguard.trigger;

import io.orgaccessguard.core.model.CheckRequest;
import io.orgaccessguard.core.model.InvalidRequestException;

import static io.orgaccessguard.trigger.JsonTree.describe;

import io.orgaccessguard.core.model.CheckRequest.AccountList;
import io.orgaccessguard.core.model.CheckRequest.AllAccounts;
import io.orgaccessguard.core.model.CheckRequest.ScheduledRun;
import io.orgaccessguard.core.model.CheckRequest.NotifyMode;
import io.orgaccessguard.core.model.CheckRequest.OrganizationalUnit;
import io.orgaccessguard.core.model.CheckRequest.Selection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Validates a manual invocation against its contract:
 * {@code {"accountIds": [...]} | {"all": true} | {"organizationalUnitId": "ou-...", "recursive": true}
 * | {"reconcile": "start" | "continue"}}, with optional {@code "dryRun"}, {@code "notify"} and {@code "profiles"}
 * (not with {@code reconcile}, which answers the schedule, not a person). Anything that does not fit is refused whole;
 * a {@code "cursor"} (how earlier versions continued a run) is refused naming the way runs continue now.
 */
public final class CheckRequestParser {

    /** A longer list belongs in {"all": true} or an OU selection, which page through Organizations. */
    public static final int MAX_ACCOUNT_IDS = 1000;
    private static final Set<String> FIELDS =
            Set.of("accountIds", "all", "organizationalUnitId", "recursive", "reconcile", "dryRun", "notify", "cursor",
                    "profiles");
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern PARENT_ID = Pattern.compile("ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32}");
    /** Why a cursor is refused: runs over many accounts keep their own progress now. */
    public static final String CURSOR_REFUSAL = "is no longer used: a run over many accounts keeps its own progress,"
            + " and the continue schedule resumes it; to continue it now, invoke {\"reconcile\": \"continue\"} (the"
            + " command is in the response of the invocation that stopped), or repeat the same request without cursor";

    private CheckRequestParser() {
    }

    public static CheckRequest parse(Object input) {
        if (!(input instanceof Map<?, ?> request)) {
            throw new InvalidRequestException("", "the request must be a JSON object, not " + describe(input)
                    + "; for example {\"accountIds\": [\"111122223333\"]}");
        }
        for (Object key : request.keySet()) {
            if (!FIELDS.contains(String.valueOf(key))) {
                throw new InvalidRequestException(printable(String.valueOf(key)), "unknown field; expected one of "
                        + List.copyOf(new TreeSet<>(FIELDS)));
            }
        }
        if (request.containsKey("cursor")) {
            throw new InvalidRequestException("cursor", CURSOR_REFUSAL);
        }
        Selection selection = selection(request);
        Optional<Boolean> dryRun = bool(request, "dryRun");
        NotifyMode notify = notifyMode(request, selection);
        boolean profiles = bool(request, "profiles").orElse(false);
        if (profiles && selection instanceof ScheduledRun) {
            throw new InvalidRequestException("profiles", "does not apply to reconcile, whose invocations answer the"
                    + " schedule; the access directory's aws-config has every account's profile");
        }
        return new CheckRequest(selection, dryRun, notify, profiles);
    }

    private static Selection selection(Map<?, ?> request) {
        List<String> given = new ArrayList<>();
        for (String selector : List.of("accountIds", "all", "organizationalUnitId", "reconcile")) {
            if (request.containsKey(selector)) {
                given.add(selector);
            }
        }
        if (given.size() != 1) {
            throw new InvalidRequestException(given.isEmpty() ? "accountIds" : given.get(1), given.isEmpty()
                    ? "missing; give exactly one of accountIds, all, organizationalUnitId or reconcile"
                    : "cannot be combined with " + given.get(0) + "; give exactly one selection");
        }
        if (request.containsKey("recursive") && !given.get(0).equals("organizationalUnitId")) {
            throw new InvalidRequestException("recursive", "only applies with organizationalUnitId");
        }
        return switch (given.get(0)) {
            case "accountIds" -> new AccountList(accountIds(request.get("accountIds")));
            case "all" -> {
                if (!Boolean.TRUE.equals(request.get("all"))) {
                    throw new InvalidRequestException("all", "must be true when given; got "
                            + (Boolean.FALSE.equals(request.get("all")) ? "false" : describe(request.get("all"))));
                }
                yield new AllAccounts();
            }
            case "reconcile" -> {
                Object phase = request.get("reconcile");
                if ("start".equals(phase) || "continue".equals(phase)) {
                    yield new ScheduledRun("start".equals(phase) ? ScheduledRun.Phase.START
                            : ScheduledRun.Phase.CONTINUE);
                }
                throw new InvalidRequestException("reconcile", "must be \"start\" or \"continue\"; got "
                        + (phase instanceof String text ? "'" + printable(text) + "'" : describe(phase)));
            }
            default -> {
                Object id = request.get("organizationalUnitId");
                if (!(id instanceof String text) || !PARENT_ID.matcher(text).matches()) {
                    throw new InvalidRequestException("organizationalUnitId",
                            "must be an OU ID (ou-xxxx-xxxxxxxx) or a root ID (r-xxxx); got " + describe(id));
                }
                yield new OrganizationalUnit(text, bool(request, "recursive").orElse(false));
            }
        };
    }

    private static List<String> accountIds(Object value) {
        if (!(value instanceof List<?> items)) {
            throw new InvalidRequestException("accountIds", "must be an array of account ID strings, not "
                    + describe(value));
        }
        if (items.isEmpty()) {
            throw new InvalidRequestException("accountIds", "must name at least one account");
        }
        if (items.size() > MAX_ACCOUNT_IDS) {
            throw new InvalidRequestException("accountIds", "names " + items.size() + " accounts; at most "
                    + MAX_ACCOUNT_IDS + " fit one request, use {\"all\": true} or organizationalUnitId for more");
        }
        var ids = new ArrayList<String>();
        var seen = new HashSet<String>();
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            String field = "accountIds[" + i + "]";
            if (item instanceof Number number) {
                throw new InvalidRequestException(field, "is the number " + number + "; give account IDs as strings"
                        + " of exactly 12 digits, so leading zeros survive" + paddedSuggestion(number));
            }
            if (!(item instanceof String id) || !ACCOUNT_ID.matcher(id).matches()) {
                throw new InvalidRequestException(field, "must be a string of exactly 12 digits; got "
                        + (item instanceof String text ? "'" + printable(text) + "'" : describe(item)));
            }
            if (!seen.add(id)) {
                throw new InvalidRequestException(field, "repeats account " + id);
            }
            ids.add(id);
        }
        return ids;
    }

    private static NotifyMode notifyMode(Map<?, ?> request, Selection selection) {
        Object value = request.get("notify");
        if (value == null) {
            return selection instanceof AccountList ? NotifyMode.EACH : NotifyMode.DIGEST;
        }
        if (value instanceof String text) {
            for (NotifyMode mode : NotifyMode.values()) {
                if (mode.name().equalsIgnoreCase(text)) {
                    return mode;
                }
            }
        }
        throw new InvalidRequestException("notify", "must be \"digest\", \"each\" or \"none\"; got "
                + (value instanceof String text ? "'" + printable(text) + "'" : describe(value)));
    }

    private static Optional<Boolean> bool(Map<?, ?> request, String field) {
        Object value = request.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Boolean flag) {
            return Optional.of(flag);
        }
        throw new InvalidRequestException(field, "must be true or false, not " + describe(value));
    }

    /** A number that lost its leading zeros may still be an account ID: suggest the string it probably was. */
    private static String paddedSuggestion(Number number) {
        boolean wholeInRange = (number instanceof Integer || number instanceof Long) && number.longValue() >= 0
                && number.longValue() <= 999_999_999_999L;
        return wholeInRange ? " (\"" + String.format(Locale.ROOT, "%012d", number.longValue()) + "\"?)" : "";
    }

    /** Echo input back safely: no control or format characters, bounded length. */
    private static String printable(String text) {
        String clean = text.replaceAll("[\\p{Cc}\\p{Cf}]", "?");
        return clean.length() > 40 ? clean.substring(0, 40) + "..." : clean;
    }
}
