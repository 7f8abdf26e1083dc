package io.orgaccessguard.handler;

import io.orgaccessguard.notify.ResultWords;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import io.orgaccessguard.core.model.AccountResult;
import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.core.port.RunLog;
import io.orgaccessguard.json.Json;
import java.util.LinkedHashMap;

/** One JSON line per account result (and per note) through Lambda's logger, so Logs Insights can query fields. */
final class LambdaRunLog implements RunLog {

    private final LambdaLogger logger;

    LambdaRunLog(LambdaLogger logger) {
        this.logger = logger;
    }

    @Override
    public void accountResult(AccountResult result) {
        var line = new LinkedHashMap<String, Object>();
        line.put("type", "account-result");
        line.putAll(ResultWords.json(result));
        logger.log(Json.write(line), level(result.outcome()));
    }

    @Override
    public void note(String message) {
        var line = new LinkedHashMap<String, Object>();
        line.put("type", "note");
        line.put("message", message);
        logger.log(Json.write(line), LogLevel.INFO);
    }

    private static LogLevel level(Outcome outcome) {
        if (outcome == Outcome.FAILED) {
            return LogLevel.ERROR;
        }
        return outcome.needsPerson() ? LogLevel.WARN : LogLevel.INFO;
    }
}
