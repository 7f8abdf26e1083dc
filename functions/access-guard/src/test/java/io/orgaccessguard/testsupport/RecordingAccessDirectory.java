package io.orgaccessguard.testsupport;

import io.orgaccessguard.core.model.MemberAccount;
import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.core.model.StatusRecord;
import io.orgaccessguard.core.port.AccessDirectory;
import io.orgaccessguard.core.port.OperationFailedException;
import io.orgaccessguard.core.model.Reason.Failure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** An access directory that keeps every publication, and can be made to fail. */
public final class RecordingAccessDirectory implements AccessDirectory {

    /** One publication, as the core made it. */
    public record Published(List<MemberAccount> accounts, Map<String, StatusRecord> statuses, Instant generatedAt) {
    }

    private final List<Published> published = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean failing;

    public List<Published> published() {
        synchronized (published) {
            return List.copyOf(published);
        }
    }

    /** Every publication from now on fails, as a bucket that refuses the write would. */
    public void fail() {
        failing = true;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public void publish(Organization organization, List<MemberAccount> accounts, Map<String, StatusRecord> statuses,
                        Instant generatedAt) {
        if (failing) {
            throw new OperationFailedException(new Failure("s3:PutObject", "AccessDenied", "injected by the test"),
                    true, null);
        }
        published.add(new Published(List.copyOf(accounts), Map.copyOf(statuses), generatedAt));
    }
}
