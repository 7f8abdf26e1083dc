package io.orgaccessguard.core.model;

import io.orgaccessguard.core.model.Outcome;

/** Which account results are worth a message ({@code NOTIFY_ON}). */
public enum NotifyOn {
    /** Only results a person must act on. */
    PROBLEMS,
    /** Problems, plus every change this tool made (role created, trust repaired, policies attached). */
    CHANGES,
    /** Every result except skips. */
    ALL;

    public boolean wants(Outcome outcome) {
        return switch (this) {
            case PROBLEMS -> outcome.needsPerson();
            case CHANGES -> outcome.needsPerson() || outcome.isChange();
            case ALL -> outcome != Outcome.SKIPPED;
        };
    }
}
