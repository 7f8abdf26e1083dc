package io.orgaccessguard.core.port;

import java.util.List;
import java.util.Map;

/**
 * Messages waiting for a digest that spans invocations, as opaque text: what goes in them is the announcer's business.
 * Keyed by account, so that a message staged twice (a resumed invocation) is kept once.
 */
public interface StagedMessages {

    void stage(String runId, Map<String, String> messagesByAccount);

    /** Every message staged for the run, by account. */
    Map<String, String> staged(String runId);
}
