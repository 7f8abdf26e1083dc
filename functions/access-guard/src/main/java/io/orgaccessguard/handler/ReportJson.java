package io.orgaccessguard.handler;

import io.orgaccessguard.core.model.AccountResult;
import io.orgaccessguard.core.model.RunReport;
import io.orgaccessguard.notify.ResultWords;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The invocation's response: counts per outcome, whether the run is complete (else a cursor), and the results. It stays
 * far below Lambda's 6 MB response limit at any size: past {@value #MAX_LISTED} accounts only those that need a person
 * are listed (at most that many), and the rest are counted and left to the log, which has one event per account.
 */
final class ReportJson {

    static final int MAX_LISTED = 1000;

    private ReportJson() {
    }

    static Map<String, Object> of(RunReport report) {
        var json = new LinkedHashMap<String, Object>();
        var summary = new LinkedHashMap<String, Object>();
        RunReport.counts(report.results()).forEach((outcome, count) -> summary.put(outcome.name(), count));
        json.put("summary", summary);
        json.put("complete", report.continuation().isEmpty());
        report.continuation().ifPresent(next -> {
            json.put("cursor", next.cursor());
            json.put("accountsRemaining", next.accountsRemaining());
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
