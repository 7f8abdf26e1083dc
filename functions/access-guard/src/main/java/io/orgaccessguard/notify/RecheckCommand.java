package io.orgaccessguard.notify;

/**
 * The command an operator runs, with management-account credentials, to re-check accounts through the deployed
 * function: the one copy of it, printed in every alert and proven by the real AWS CLI in RecheckCommandTest.
 *
 * <ul>
 *   <li>{@code --cli-read-timeout 0}: the CLI's default read timeout is 60 s, after which it sends the invoke again;
 *       a re-check that waits for IAM, or a backfill, runs longer, so the CLI must wait for the answer.</li>
 *   <li>{@code AWS_MAX_ATTEMPTS=1}: a synchronous invoke that failed on the way is not silently started twice.</li>
 *   <li>{@code --payload fileb:///dev/stdin}: the request as raw bytes on AWS CLI v1 and v2 alike
 *       ({@code --cli-binary-format} is refused by v1).</li>
 *   <li>{@code --region}: the function's own Region, whatever the operator's default is.</li>
 *   <li>The unqualified function name: {@code $LATEST}, which is what the rule and the schedule invoke.</li>
 * </ul>
 */
public final class RecheckCommand {

    private RecheckCommand() {
    }

    /** @param payloadJson the request, as JSON (quoted here for a POSIX shell) */
    public static String of(String functionName, String region, String payloadJson) {
        return "printf '%s' " + Remediation.command(payloadJson) + " | AWS_MAX_ATTEMPTS=1 "
                + Remediation.command("aws", "lambda", "invoke", "--function-name", functionName, "--region", region,
                "--cli-read-timeout", "0", "--payload", "fileb:///dev/stdin", "/dev/stdout");
    }
}
