package io.orgaccessguard.testsupport;

import io.orgaccessguard.core.model.AccountResult;
import io.orgaccessguard.core.port.RunLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The one fake run log of the core's tests. */
public final class RecordingRunLog implements RunLog {

    private final List<AccountResult> results = new CopyOnWriteArrayList<>();
    private final List<String> notes = new CopyOnWriteArrayList<>();

    @Override
    public void accountResult(AccountResult result) {
        results.add(result);
    }

    @Override
    public void note(String message) {
        notes.add(message);
    }

    public List<AccountResult> results() {
        return List.copyOf(results);
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }
}
