package io.orgaccessguard.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What an EventBridge event asks of us, once parsed. The event is a hint; Organizations decides. */
public sealed interface Trigger {

    /**
     * An account joined. The IDs are candidates read from the event; when there are none, the accounts that joined
     * recently are reconciled instead, so an unexpected event shape never loses a join.
     *
     * @param handshakeId the accepted handshake, to ask Organizations which account accepted it
     * @param joinedMethod as the event states it, upper-cased (informational only)
     * @param ignored what the event gave as an account ID but is not one (not a 12-digit string), or IDs it gave in
     *     implausible numbers, each described for the log: never acted on, and said so
     */
    record AccountJoined(String eventName, List<String> candidateAccountIds, Optional<String> handshakeId,
                         Optional<String> joinedMethod, Instant eventTime, List<String> ignored) implements Trigger {
        public AccountJoined {
            candidateAccountIds = List.copyOf(candidateAccountIds);
            ignored = List.copyOf(ignored);
        }

        public AccountJoined(String eventName, List<String> candidateAccountIds, Optional<String> handshakeId,
                             Optional<String> joinedMethod, Instant eventTime) {
            this(eventName, candidateAccountIds, handshakeId, joinedMethod, eventTime, List.of());
        }
    }

    /** Not a join: logged and reported, nothing done. */
    record NotAJoin(String reason) implements Trigger {
    }
}
