package io.orgaccessguard.core.model;

import io.orgaccessguard.core.model.CheckRequest.AllAccounts;
import io.orgaccessguard.core.model.CheckRequest.NotifyMode;
import io.orgaccessguard.core.model.CheckRequest.OrganizationalUnit;
import io.orgaccessguard.core.model.CheckRequest.Scope;

/**
 * What a stored run covers and how it treats its results, fixed when it starts: every invocation that continues it
 * works to the same plan, whoever asked for the continuation.
 *
 * @param scheduled started by the reconcile schedule (its numbers are the reconcile's metrics), not by a person
 */
public record RunPlan(Scope scope, boolean dryRun, NotifyMode notifyMode, boolean scheduled) {

    /** Whether the run covers every account of the organization (and so ends by rewriting the access directory). */
    public boolean wholeOrganization() {
        return scope instanceof AllAccounts;
    }

    /** For people: what the run covers. */
    public String describe() {
        return switch (scope) {
            case AllAccounts all -> scheduled ? "the scheduled reconcile of every account" : "every account";
            case OrganizationalUnit ou -> "the accounts " + (ou.recursive() ? "anywhere under " : "directly under ")
                    + ou.id();
        };
    }
}
