package io.orgaccessguard.core.check;

import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.core.model.Reason;
import io.orgaccessguard.core.model.Reason.Failure;
import java.util.List;
import java.util.Optional;

/**
 * What the probe of the access role found.
 *
 * @param missing the required policies the role lacks, when that is what stands between it and access
 * @param judged the result when the probe settles it: verified, restricted, or undetermined; empty when a bootstrap
 *     role may still help (the role is missing, lacks policies, or its rights could not be read)
 * @param unreadable why IAM could not simulate, when the role's rights could be neither simulated nor read
 */
record Probe(boolean assumable, List<String> missing, Optional<Judged> judged, Optional<Failure> unreadable) {

    static final Probe UNASSUMABLE = new Probe(false, List.of(), Optional.empty(), Optional.empty());

    /** An outcome and its reason, as the probe settled them. */
    record Judged(Outcome outcome, Reason reason) {
    }

    Probe {
        missing = List.copyOf(missing);
    }

    static Probe settled(Outcome outcome, Reason reason) {
        return new Probe(true, List.of(), Optional.of(new Judged(outcome, reason)), Optional.empty());
    }

    static Probe lacking(List<String> missing) {
        return new Probe(true, missing, Optional.empty(), Optional.empty());
    }

    static Probe unreadable(Optional<Failure> simulation) {
        return new Probe(true, List.of(), Optional.empty(), simulation);
    }

    boolean grantsWhatIsAsked() {
        return judged.map(j -> j.outcome() == Outcome.ACCESS_VERIFIED).orElse(false);
    }
}
