package io.orgaccessguard.it.support;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The function's response, as a caller of the Lambda function reads it. */
public record Report(Map<String, Object> json) {

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> results() {
        return (List<Map<String, Object>>) json.getOrDefault("results", List.of());
    }

    public Map<String, Object> result(String accountId) {
        return results().stream().filter(result -> accountId.equals(result.get("accountId"))).findFirst()
                .orElseThrow(() -> new AssertionError("no result for " + accountId + " in " + json));
    }

    public String outcome(String accountId) {
        return (String) result(accountId).get("outcome");
    }

    public Optional<String> note() {
        return Optional.ofNullable((String) json.get("note"));
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> summary() {
        return (Map<String, Object>) json.getOrDefault("summary", Map.of());
    }
}
