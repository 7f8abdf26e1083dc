package io.orgaccessguard.handler;

import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.core.model.AccountResult;
import io.orgaccessguard.core.model.RunReport;
import io.orgaccessguard.core.model.RunReport.AccountsNotStarted;
import io.orgaccessguard.core.model.RunReport.RunUnderWay;
import io.orgaccessguard.notify.RecheckCommand;
import io.orgaccessguard.notify.ResultWords;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The invocation's response: counts per outcome, whether the run is complete (else what is left and how it goes on),
 * and the results. It stays
 * far below Lambda's 6 MB response limit at any size: past {@value #MAX_LISTED} accounts only those that need a person
 * are listed (at most that many), and the rest are counted and left to the log, which has one event per account.
 */
final class ReportJson {

    static final int MAX_LISTED = 1000;

    private ReportJson() {
    }

    /** The request that continues whatever run is under way: what the continue schedule sends. */
    static final String CONTINUE_REQUEST = "{\"reconcile\": \"continue\"}";

    static Map<String, Object> of(RunReport report) {
        return of(report, Optional.empty());
    }

    /** @param config for the command that continues a run under way, when the response is a person's */
    static Map<String, Object> of(RunReport report, Optional<GuardConfig> config) {
        var json = new LinkedHashMap<String, Object>();
        var summary = new LinkedHashMap<String, Object>();
        RunReport.counts(report.results()).forEach((outcome, count) -> summary.put(outcome.name(), count));
        json.put("summary", summary);
        json.put("complete", report.continuation().isEmpty());
        report.continuation().ifPresent(next -> {
            switch (next) {
                case RunUnderWay run -> {
                    var underWay = new LinkedHashMap<String, Object>();
                    underWay.put("runId", run.runId());
                    underWay.put("covers", run.covers());
                    underWay.put("checked", run.checked());
                    underWay.put(run.listedAll() ? "accounts" : "accountsListedSoFar", run.accounts());
                    underWay.put("continuedBy", "the reconcile continue schedule, every 15 minutes (when the reconcile"
                            + " schedule is on), or the command in \"continueNow\"");
                    config.ifPresent(c -> underWay.put("continueNow", RecheckCommand.of(c.recheckFunctionName(),
                            c.region(), CONTINUE_REQUEST)));
                    json.put("run", underWay);
                }
                case AccountsNotStarted notStarted -> json.put("accountsNotStarted", notStarted.accountIds());
            }
        });
        report.note().ifPresent(text -> json.put("note", text));
        List<AccountResult> listed = report.results();
        if (listed.size() > MAX_LISTED) {
            listed = listed.stream().filter(result -> result.outcome().needsPerson()).limit(MAX_LISTED).toList();
            json.put("resultsListed", "only accounts that need a person");
            json.put("resultsOmitted", report.results().size() - listed.size());
            json.put("fullResults", "one log event per account, \"type\": \"account-result\", in this function's log"
                    + " group");
        }
        json.put("results", new ArrayList<>(listed.stream().map(ResultWords::json).toList()));
        return json;
    }
}
