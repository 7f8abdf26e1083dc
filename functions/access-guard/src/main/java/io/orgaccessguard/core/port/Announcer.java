package io.orgaccessguard.core.port;

import io.orgaccessguard.core.model.AccountResult;
import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.core.model.Outcome;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tells people about results. A message that cannot be sent is thrown, never swallowed: a lost alert must fail the
 * invocation so that Lambda retries it.
 */
public interface Announcer {

    /** Whether a result of this outcome would be announced at all (a destination exists and wants it). */
    boolean wouldAnnounce(Outcome outcome);

    /** @return the message ID, or empty when nothing was sent */
    Optional<String> announce(AccountResult result, Organization organization);

    /**
     * The one digest of a run: {@code announced} among all {@code checked}. Nothing is sent when there is nothing
     * to announce.
     *
     * @param incomplete the run stopped for time and a cursor continues it
     */
    Optional<String> announceDigest(List<AccountResult> announced, List<AccountResult> checked, boolean incomplete,
                                    Organization organization);

    /** Keeps what a run that spans invocations will announce in its one digest at the end. */
    void stage(String runId, List<AccountResult> announced);

    /**
     * The one digest of a run that spans invocations: everything staged for it, with the run's counts.
     *
     * @return the message ID, or empty when there was nothing to announce
     */
    Optional<String> announceStaged(String runId, Map<Outcome, Integer> counts, int checked,
                                    Organization organization);
}
