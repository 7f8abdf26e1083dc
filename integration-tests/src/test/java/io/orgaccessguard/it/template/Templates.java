package io.orgaccessguard.it.template;

import io.orgaccessguard.it.support.Repo;
import io.orgaccessguard.localinvoke.template.PseudoParameters;
import io.orgaccessguard.localinvoke.template.SamTemplate;
import io.orgaccessguard.testsupport.Fixtures;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code template.yaml}, read the way the deploy tools read it, and values for what only a deployment knows. */
final class Templates {

    /** The stack name the drift tests deploy under. */
    static final String STACK = "org-access-guard";

    private Templates() {
    }

    /** The template as written: parameter defaults, SAM CLI's local pseudo parameters, no resource values. */
    static SamTemplate load() {
        return SamTemplate.load(Repo.root().resolve("template.yaml"));
    }

    /**
     * The template as if deployed in the test organization's management account in {@code region}, with the given
     * parameter values: every resource has the physical id / attributes it would get there (the alert topic is the
     * fixture's topic), so every intrinsic resolves.
     */
    static SamTemplate deployed(String region, Map<String, String> parameterOverrides) {
        // A deployment gives every parameter without a Default: the fixture's organization.
        var parameters = new LinkedHashMap<String, String>(Map.of("OrganizationId", Fixtures.ORGANIZATION_ID));
        parameters.putAll(parameterOverrides);
        SamTemplate template = load().withParameterOverrides(parameters).withPseudoParameters(
                PseudoParameters.forRegion(region).withAccountId(Fixtures.MANAGEMENT_ACCOUNT_ID).withStackName(STACK));
        return template.withResourceValues(resourceValues(template));
    }

    static SamTemplate deployed(Map<String, String> parameterOverrides) {
        return deployed("us-east-1", parameterOverrides);
    }

    /** Plausible {@code Ref} and {@code GetAtt} values for every resource of the template. */
    private static Map<String, String> resourceValues(SamTemplate template) {
        PseudoParameters p = template.pseudoParameters();
        String prefix = ":" + p.region() + ":" + p.accountId() + ":";
        Map<String, String> values = new LinkedHashMap<>();
        for (String id : template.resources().keySet()) {
            String type = template.resourceType(id).orElse("");
            String name = p.stackName() + "-" + id;
            switch (type) {
                case "AWS::KMS::Key" -> {
                    String key = !id.equals("ArtifactBucketKey")
                            ? "arn:" + p.partition() + ":kms" + prefix + "key/0b1f5c3e-7d2a-4c8b-9e6f-1a2b3c4d5e6f"
                            : p.partition().equals("aws") && p.region().equals("us-east-1")
                            ? Fixtures.ARTIFACT_BUCKET_KEY
                            : "arn:" + p.partition() + ":kms" + prefix + "key/4c1d2e3f-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
                    values.put(id, key.substring(key.lastIndexOf('/') + 1));
                    values.put(id + ".Arn", key);
                }
                case "AWS::SNS::Topic" -> {
                    String arn = id.equals("AlertTopic") && p.partition().equals("aws") && p.region().equals("us-east-1")
                            ? Fixtures.TOPIC_ARN : "arn:" + p.partition() + ":sns" + prefix + name;
                    values.put(id, arn);
                    values.put(id + ".TopicArn", arn);
                    values.put(id + ".TopicName", arn.substring(arn.lastIndexOf(':') + 1));
                }
                case "AWS::SQS::Queue" -> {
                    values.put(id, "https://sqs." + p.region() + "." + p.urlSuffix() + "/" + p.accountId() + "/" + name);
                    values.put(id + ".Arn", "arn:" + p.partition() + ":sqs" + prefix + name);
                    values.put(id + ".QueueName", name);
                    values.put(id + ".QueueUrl", values.get(id));
                }
                case "AWS::Logs::LogGroup" -> {
                    String logGroup = template.resolver().tryResolveString(
                            ((Map<?, ?>) template.resource(id).get("Properties")).get("LogGroupName")).orElse(name);
                    values.put(id, logGroup);
                    values.put(id + ".Arn", "arn:" + p.partition() + ":logs" + prefix + "log-group:" + logGroup + ":*");
                }
                case "AWS::IAM::ManagedPolicy" -> values.put(id, "arn:" + p.partition() + ":iam::" + p.accountId()
                        + ":policy/" + name);
                case "AWS::IAM::Role" -> values.put(id + ".Arn", "arn:" + p.partition() + ":iam::" + p.accountId()
                        + ":role/" + name);
                case "AWS::DynamoDB::Table" -> {
                    String table = id.equals("StatusTable") && p.partition().equals("aws")
                            && p.region().equals("us-east-1") ? Fixtures.STATUS_TABLE : name;
                    values.put(id, table);
                    values.put(id + ".Arn", "arn:" + p.partition() + ":dynamodb" + prefix + "table/" + table);
                }
                case "AWS::SNS::Subscription" -> values.put(id, "arn:" + p.partition() + ":sns" + prefix
                        + "AlertTopic:1f6a2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b");
                case "AWS::S3::Bucket" -> {
                    String bucket = id.equals("ArtifactBucket") && p.partition().equals("aws")
                            && p.region().equals("us-east-1") ? Fixtures.ARTIFACT_BUCKET
                            : (p.stackName() + "-" + id).toLowerCase(java.util.Locale.ROOT) + "-1q2w3e4r5t6y";
                    values.put(id, bucket);
                    values.put(id + ".Arn", "arn:" + p.partition() + ":s3:::" + bucket);
                }
                case "AWS::CloudWatch::Alarm" -> values.put(id + ".Arn", "arn:" + p.partition() + ":cloudwatch"
                        + prefix + "alarm:" + name);
                case "AWS::CloudWatch::Dashboard" -> values.put(id, name);
                default -> {
                    // functions (named or not) and the rest are not referenced by policies or environment values
                }
            }
        }
        // the rule SAM generates for each EventBridgeRule / Schedule event is <FunctionId><EventName>
        template.functions().forEach(fn -> fn.events().keySet().forEach(event -> values.put(
                fn.logicalId() + event + ".Arn",
                "arn:" + p.partition() + ":events" + prefix + "rule/" + p.stackName() + "-" + fn.logicalId() + event)));
        return values;
    }
}
