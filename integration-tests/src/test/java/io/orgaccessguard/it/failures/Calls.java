package io.orgaccessguard.it.failures;

import io.orgaccessguard.emulator.CallRecord;
import io.orgaccessguard.it.support.Guard;
import java.util.List;
import java.util.Set;

/** What the function asked of AWS, read from the emulator's call log. */
final class Calls {

    /** Calls that change something: in a member account, in Organizations (status tags) or in SNS. */
    private static final Set<String> WRITE_PREFIXES =
            Set.of("Create", "Attach", "Update", "Put", "BatchWrite", "Tag", "Untag", "Delete", "Detach", "Publish");

    private Calls() {
    }

    static List<CallRecord> all(Guard guard) {
        return guard.aws().calls();
    }

    /** Calls that change something, but for a stored run's own progress (its item, its list, what it stages). */
    static List<CallRecord> writes(Guard guard) {
        return all(guard).stream().filter(Calls::isWrite).filter(call -> !isRunProgress(call)).toList();
    }

    /** A run over many accounts keeps its progress in the table: that is no change to any account or status. */
    static boolean isRunProgress(CallRecord call) {
        String parameters = String.valueOf(call.parameters());
        return call.service().equals("dynamodb") && (parameters.contains("\"pk\":{\"S\":\"run\"}")
                || parameters.contains("\"pk\":{\"S\":\"run#") || parameters.contains("\"pk\":{\"S\":\"staged#"));
    }

    static boolean isWrite(CallRecord call) {
        return WRITE_PREFIXES.stream().anyMatch(prefix -> call.action().startsWith(prefix));
    }

    /** Calls made into member accounts: every STS and IAM call. */
    static List<CallRecord> intoAccounts(Guard guard) {
        return all(guard).stream().filter(call -> Set.of("sts", "iam").contains(call.service())).toList();
    }

    static List<CallRecord> named(Guard guard, String action) {
        return all(guard).stream().filter(call -> call.action().equals(action)).toList();
    }

    static List<CallRecord> succeeded(Guard guard, String action) {
        return named(guard, action).stream().filter(CallRecord::succeeded).toList();
    }

    /** The RoleArn of every AssumeRole the function sent (whatever STS answered). */
    static List<String> assumedRoleArns(Guard guard) {
        return named(guard, "AssumeRole").stream().map(call -> call.parameters().get("RoleArn")).toList();
    }

    static List<String> actions(List<CallRecord> calls) {
        return calls.stream().map(call -> call.service() + ":" + call.action()).toList();
    }
}
