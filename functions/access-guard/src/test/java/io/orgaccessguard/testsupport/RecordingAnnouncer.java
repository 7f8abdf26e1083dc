package io.orgaccessguard.testsupport;

import io.orgaccessguard.core.model.AccountResult;
import io.orgaccessguard.core.model.NotifyOn;
import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.core.port.Announcer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** The one fake announcer of the core's tests: keeps every announcement and digest; can be made to fail once. */
public final class RecordingAnnouncer implements Announcer {

    /** One digest: what it announced, and the outcomes of every account the run checked. */
    public record DigestSent(List<AccountResult> announced, Map<Outcome, Integer> counts, int checked, String runId) {
    }

    private final NotifyOn notifyOn;
    private final List<AccountResult> announced = Collections.synchronizedList(new ArrayList<>());
    private final List<DigestSent> digests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean failNext = new AtomicBoolean();

    public RecordingAnnouncer(NotifyOn notifyOn) {
        this.notifyOn = notifyOn;
    }

    public void failNext() {
        failNext.set(true);
    }

    @Override
    public boolean wouldAnnounce(Outcome outcome) {
        return notifyOn.wants(outcome);
    }

    @Override
    public Optional<String> announce(AccountResult result, Organization organization) {
        if (!wouldAnnounce(result.outcome())) {
            return Optional.empty();
        }
        failIfAsked();
        announced.add(result);
        return Optional.of("message-" + announced.size());
    }

    @Override
    public Optional<String> announceDigest(RunDigest digest) {
        if (digest.announced().isEmpty()) {
            return Optional.empty();
        }
        failIfAsked();
        digests.add(new DigestSent(digest.announced(), digest.counts(), digest.checked(), digest.runId()));
        return Optional.of("digest-" + digests.size());
    }

    private void failIfAsked() {
        if (failNext.getAndSet(false)) {
            throw new IllegalStateException("the message could not be sent (injected by the test)");
        }
    }

    public List<AccountResult> announced() {
        synchronized (announced) {
            return List.copyOf(announced);
        }
    }

    public List<DigestSent> digests() {
        synchronized (digests) {
            return List.copyOf(digests);
        }
    }
}
