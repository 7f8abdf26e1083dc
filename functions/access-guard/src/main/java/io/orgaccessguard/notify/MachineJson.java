package io.orgaccessguard.notify;

import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.notify.Remediation.Step;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The notification for programs (queues, functions, webhooks, archives): the result as one JSON object with the same
 * commands as the e-mail. Values are raw: the JSON writer escapes them, and a program may need the exact name.
 */
final class MachineJson {

    /** Bumped when a field changes meaning or goes away, so consumers can tell. */
    static final int SCHEMA_VERSION = 1;

    private MachineJson() {
    }

    static String of(ResultWords result, Organization organization, GuardConfig config, Optional<OneClickFix> oneClick,
                     Optional<Remediation> remediation, Optional<AccessHints> access) {
        var json = new LinkedHashMap<String, Object>();
        json.put("source", "org-access-guard");
        json.put("schemaVersion", SCHEMA_VERSION);
        // The result's own JSON, so logs, responses and notifications name its fields alike.
        json.putAll(result.toJson());
        // Not known before the message is published; the message is what it would identify.
        json.remove("notificationMessageId");
        json.put("needsPerson", result.outcome().needsPerson());
        json.put("organizationId", organization.id());
        json.put("managementAccountId", organization.managementAccountId());
        json.put("partition", organization.partition());
        json.put("accessRoleName", config.accessRoleName());
        json.put("accessRoleArn", Remediation.isAccountId(result.accountId())
                ? organization.roleArn(result.accountId(), config.accessRoleName()) : null);
        oneClick.ifPresent(fix -> json.put("oneClickFix", oneClickFix(fix)));
        remediation.ifPresent(fix -> json.put("remediation", remediation(fix)));
        access.ifPresent(hints -> json.put("access", access(hints)));
        return Json.write(json);
    }

    private static Map<String, Object> oneClickFix(OneClickFix fix) {
        var json = new LinkedHashMap<String, Object>();
        json.put("runInAccountId", fix.memberAccountId());
        json.put("links", fix.links().stream().map(link -> {
            var linkJson = new LinkedHashMap<String, Object>();
            linkJson.put("template", link.template().fileName());
            linkJson.put("creates", link.creates());
            linkJson.put("stackName", link.stackName());
            linkJson.put("templateUrl", link.templateUrl());
            linkJson.put("quickCreateUrl", link.url());
            return linkJson;
        }).toList());
        json.put("notes", fix.notes());
        fix.unavailable().ifPresent(reason -> json.put("unavailable", reason));
        return json;
    }

    private static Map<String, Object> remediation(Remediation fix) {
        var json = new LinkedHashMap<String, Object>();
        json.put("runInAccountId", fix.memberAccountId());
        json.put("trustPolicy", Json.parse(fix.trustPolicy()));
        if (fix.has(Step.VERIFY)) {
            json.put("verify", fix.verify());
        }
        if (fix.has(Step.CREATE)) {
            json.put("createRole", fix.createRole());
        }
        if (fix.has(Step.UPDATE_TRUST)) {
            json.put("updateAssumeRolePolicy", fix.updateTrust());
        }
        if (fix.has(Step.CREATE) || fix.has(Step.ATTACH)) {
            json.put("attachRolePolicies", fix.attachPolicies());
        }
        if (fix.has(Step.BOOTSTRAP)) {
            Remediation.Bootstrap bootstrap = fix.bootstrap();
            var bootstrapJson = new LinkedHashMap<String, Object>();
            bootstrapJson.put("roleName", bootstrap.roleName());
            bootstrapJson.put("listedInBootstrapRoleNames", bootstrap.configured());
            bootstrapJson.put("trustPolicy", Json.parse(bootstrap.trustPolicy()));
            bootstrapJson.put("permissionsPolicy", Json.parse(bootstrap.permissionsPolicy()));
            bootstrapJson.put("commands", bootstrap.commands());
            json.put("bootstrap", bootstrapJson);
        }
        json.put("recheck", fix.recheck());
        return json;
    }

    private static Map<String, Object> access(AccessHints hints) {
        var json = new LinkedHashMap<String, Object>();
        json.put("roleArn", hints.roleArn());
        json.put("switchRoleUrl", hints.switchRoleUrl());
        json.put("profile", hints.profile());
        json.put("assumeRole", hints.assumeRoleCommand());
        return json;
    }
}
