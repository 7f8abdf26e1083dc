package io.orgaccessguard.testsupport;

import io.orgaccessguard.core.model.AccountResult;
import io.orgaccessguard.core.model.NotifyOn;
import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.core.model.RunReport;
import io.orgaccessguard.core.port.Announcer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** The one fake announcer of the core's tests: keeps every announcement and digest; can be made to fail once. */
public final class RecordingAnnouncer implements Announcer {

    /** One digest: what it announced, and the outcomes of every account the run checked. */
    public record DigestSent(List<AccountResult> announced, Map<Outcome, Integer> counts, int checked,
                             boolean incomplete) {
    }

    private final NotifyOn notifyOn;
    private final List<AccountResult> announced = Collections.synchronizedList(new ArrayList<>());
    private final List<DigestSent> digests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean failNext = new AtomicBoolean();
    private final Map<String, Map<String, AccountResult>> staged = new HashMap<>();

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
    public Optional<String> announceDigest(List<AccountResult> due, List<AccountResult> checked, boolean incomplete,
                                           Organization organization) {
        if (due.isEmpty()) {
            return Optional.empty();
        }
        failIfAsked();
        digests.add(new DigestSent(List.copyOf(due), RunReport.counts(checked), checked.size(), incomplete));
        return Optional.of("digest-" + digests.size());
    }

    @Override
    public void stage(String runId, List<AccountResult> results) {
        synchronized (staged) {
            results.forEach(result -> staged.computeIfAbsent(runId, id -> new LinkedHashMap<>())
                    .put(result.accountId(), result));
        }
    }

    @Override
    public Optional<String> announceStaged(String runId, Map<Outcome, Integer> counts, int checked,
                                           Organization organization) {
        List<AccountResult> due;
        synchronized (staged) {
            due = List.copyOf(staged.getOrDefault(runId, new LinkedHashMap<>()).values());
        }
        if (due.isEmpty()) {
            return Optional.empty();
        }
        failIfAsked();
        digests.add(new DigestSent(due, counts, checked, false));
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
