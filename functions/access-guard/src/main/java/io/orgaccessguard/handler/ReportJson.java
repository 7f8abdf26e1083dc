package io.orgaccessguard.handler;

import io.orgaccessguard.core.model.RunReport;
import io.orgaccessguard.notify.ResultWords;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/** The invocation's response: counts per outcome, whether the run is complete (else a cursor), and each result. */
final class ReportJson {

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
        json.put("results", new ArrayList<>(report.results().stream().map(ResultWords::json).toList()));
        return json;
    }
}
