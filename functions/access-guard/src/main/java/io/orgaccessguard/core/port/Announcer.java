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

    /** The one digest of a run: what it announces, among the outcomes of every account it checked. */
    record RunDigest(String runId, List<AccountResult> announced, Map<Outcome, Integer> counts, int checked,
                     Organization organization) {
        public RunDigest {
            announced = List.copyOf(announced);
            counts = Map.copyOf(counts);
        }
    }

    /** Whether a result of this outcome would be announced at all (a destination exists and wants it). */
    boolean wouldAnnounce(Outcome outcome);

    /** @return the message ID, or empty when nothing was sent */
    Optional<String> announce(AccountResult result, Organization organization);

    /** @return the message ID, or empty when nothing was sent (nothing to announce, or nowhere to) */
    Optional<String> announceDigest(RunDigest digest);
}
