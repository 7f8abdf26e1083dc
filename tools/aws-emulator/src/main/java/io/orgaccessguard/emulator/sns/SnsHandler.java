package io.orgaccessguard.emulator.sns;

import io.orgaccessguard.emulator.PublishedMessage;
import io.orgaccessguard.emulator.auth.Authorizer;
import io.orgaccessguard.emulator.auth.Principal;
import io.orgaccessguard.emulator.http.AwsException;
import io.orgaccessguard.emulator.http.AwsRequest;
import io.orgaccessguard.emulator.http.QueryParams;
import io.orgaccessguard.emulator.http.ServiceHandler;
import io.orgaccessguard.emulator.http.ServiceResponse;
import io.orgaccessguard.emulator.http.Xml;
import io.orgaccessguard.emulator.policy.Decision;
import io.orgaccessguard.emulator.policy.PolicyEvaluator;
import io.orgaccessguard.emulator.policy.Statement;
import io.orgaccessguard.emulator.state.EmulatorState;
import io.orgaccessguard.emulator.state.Subscription;
import io.orgaccessguard.emulator.state.Topic;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** SNS (query protocol): CreateTopic, Publish, Subscribe, ListTopics, with SNS's validation and authorization. */
public final class SnsHandler extends ServiceHandler {

    private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9_-]{1,256}");
    private static final Pattern TOPIC_ARN =
            Pattern.compile("arn:(aws|aws-cn|aws-us-gov):sns:([a-z0-9-]+):(\\d{12}):([A-Za-z0-9_-]{1,256}(\\.fifo)?)");
    private static final Set<String> PROTOCOLS = Set.of("http", "https", "email", "email-json", "sms", "sqs",
            "application", "lambda", "firehose");
    private static final int TOPICS_PER_PAGE = 100;

    public SnsHandler(EmulatorState state, Authorizer authorizer) {
        super(Wire.query("sns", "http://sns.amazonaws.com/doc/2010-03-31/"), state, authorizer);
    }

    @Override
    public ServiceResponse handle(AwsRequest request) {
        return switch (request.action()) {
            case "CreateTopic" -> createTopic(request);
            case "Publish" -> publish(request);
            case "Subscribe" -> subscribe(request);
            case "ListTopics" -> listTopics(request);
            default -> throw invalidAction(request);
        };
    }

    private ServiceResponse createTopic(AwsRequest request) {
        QueryParams p = request.params();
        String name = p.getOrNull("Name");
        Map<String, String> attributes = entries(p, "Attributes.entry");
        boolean fifo = "true".equalsIgnoreCase(attributes.get("FifoTopic"));
        String base = name != null && fifo && name.endsWith(".fifo") ? name.substring(0, name.length() - 5) : name;
        if (base == null || !TOPIC_NAME.matcher(base).matches() || (name.endsWith(".fifo") && !fifo)) {
            throw new AwsException("InvalidParameter", 400, "Invalid parameter: Topic Name");
        }
        String arn = state.topicArn(request.region(), request.caller().accountId(), name);
        authorize(request, "SNS:CreateTopic", arn);
        Topic topic = state.putTopic(new Topic(arn, name, request.caller().accountId(), request.region(), null,
                state.now()));
        return ServiceResponse.xml(new Xml().element("TopicArn", topic.arn()));
    }

    private ServiceResponse publish(AwsRequest request) {
        QueryParams p = request.params();
        String topicArn = p.getOrNull("TopicArn") != null ? p.getOrNull("TopicArn") : p.getOrNull("TargetArn");
        if (topicArn == null) {
            throw p.has("PhoneNumber")
                    ? new AwsException("InvalidParameter", 400, "Invalid parameter: PhoneNumber Reason: SMS is not supported by this emulator")
                    : new AwsException("InvalidParameter", 400, "Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter");
        }
        Matcher arn = TOPIC_ARN.matcher(topicArn);
        if (!arn.matches()) {
            throw PublishValidator.invalidParameter("TopicArn");
        }
        String message = p.getOrNull("Message");
        if (message == null || message.isEmpty()) {
            throw new AwsException("InvalidParameter", 400, "Invalid parameter: Empty message");
        }
        String subject = p.getOrNull("Subject");
        PublishValidator.subject(subject);
        String structure = p.getOrNull("MessageStructure");
        PublishValidator.structure(structure, message);
        Map<String, MessageAttribute> attributes = PublishValidator.attributes(p);
        PublishValidator.size(message, attributes);
        request.targetAccount(arn.group(3));

        authorize(request, "SNS:Publish", topicArn);
        Topic topic = state.topic(topicArn).orElseThrow(() ->
                new AwsException("NotFound", 404, "Topic does not exist"));
        if (!topic.accountId().equals(request.caller().accountId()) && !topicPolicyAllows(request, topic)) {
            throw new AwsException("AuthorizationError", 403, "User: " + request.caller().arn()
                    + " is not authorized to perform: SNS:Publish on resource: " + topicArn
                    + " because no resource-based policy allows the SNS:Publish action");
        }
        boolean fifo = topic.name().endsWith(".fifo");
        if (fifo && p.getOrNull("MessageGroupId") == null) {
            throw new AwsException("InvalidParameter", 400,
                    "Invalid parameter: The MessageGroupId parameter is required for FIFO topics");
        }
        if (!fifo && p.getOrNull("MessageGroupId") != null) {
            throw new AwsException("InvalidParameter", 400, "Invalid parameter: MessageGroupId Reason: The request "
                    + "includes MessageGroupId parameter that is not valid for this topic type");
        }
        String messageId = UUID.nameUUIDFromBytes((state.options().seed() + "|" + request.requestId())
                .getBytes(StandardCharsets.UTF_8)).toString();
        var values = new LinkedHashMap<String, String>();
        var types = new LinkedHashMap<String, String>();
        attributes.values().forEach(a -> {
            values.put(a.name(), a.value());
            types.put(a.name(), a.dataType());
        });
        state.recordMessage(new PublishedMessage(topicArn, subject, message, structure, values, types, messageId,
                request.caller().arn(), state.now()));
        var xml = new Xml().element("MessageId", messageId);
        if (fifo) {
            xml.element("SequenceNumber", String.format("%020d", System.nanoTime()));
        }
        return ServiceResponse.xml(xml);
    }

    private ServiceResponse subscribe(AwsRequest request) {
        QueryParams p = request.params();
        String topicArn = p.getOrNull("TopicArn");
        if (topicArn == null || !TOPIC_ARN.matcher(topicArn).matches()) {
            throw PublishValidator.invalidParameter("TopicArn");
        }
        String protocol = p.getOrNull("Protocol");
        if (protocol == null || !PROTOCOLS.contains(protocol)) {
            throw PublishValidator.invalidParameter("Protocol");
        }
        String endpoint = p.getOrNull("Endpoint");
        validateEndpoint(protocol, endpoint);
        authorize(request, "SNS:Subscribe", topicArn);
        Topic topic = state.topic(topicArn).orElseThrow(() ->
                new AwsException("NotFound", 404, "Topic does not exist"));
        boolean pending = protocol.startsWith("email") || protocol.startsWith("http");
        String subscriptionArn = topic.arn() + ":" + UUID.randomUUID();
        state.subscriptions().put(subscriptionArn, new Subscription(subscriptionArn, topic.arn(), protocol, endpoint,
                request.caller().accountId(), pending));
        boolean returnArn = "true".equalsIgnoreCase(p.getOrNull("ReturnSubscriptionArn"));
        return ServiceResponse.xml(new Xml().element("SubscriptionArn",
                pending && !returnArn ? "pending confirmation" : subscriptionArn));
    }

    private ServiceResponse listTopics(AwsRequest request) {
        String account = request.caller().accountId();
        authorize(request, "SNS:ListTopics", "arn:" + state.partition() + ":sns:" + request.region() + ":" + account
                + ":*");
        List<Topic> topics = state.topics(account, request.region());
        int start = 0;
        String token = request.params().getOrNull("NextToken");
        if (token != null) {
            try {
                String after = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                start = (int) topics.stream().filter(t -> t.arn().compareTo(after) <= 0).count();
            } catch (IllegalArgumentException e) {
                throw PublishValidator.invalidParameter("NextToken");
            }
        }
        int end = Math.min(topics.size(), start + TOPICS_PER_PAGE);
        var xml = new Xml().open("Topics");
        for (Topic t : topics.subList(Math.min(start, topics.size()), end)) {
            xml.open("member").element("TopicArn", t.arn()).close("member");
        }
        xml.close("Topics");
        if (end < topics.size()) {
            xml.element("NextToken", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(topics.get(end - 1).arn().getBytes(StandardCharsets.UTF_8)));
        }
        return ServiceResponse.xml(xml);
    }

    // ---------------------------------------------------------------- helpers

    private void authorize(AwsRequest request, String action, String resource) {
        Authorizer.Verdict verdict = authorizer.decide(request.caller(), action, resource, request.region());
        if (!verdict.allowed()) {
            throw new AwsException("AuthorizationError", 403,
                    Authorizer.deniedMessage(request.caller(), action, resource, verdict));
        }
    }

    /** Another account may publish only when the topic's access policy names it (SNS's default policy does not). */
    private boolean topicPolicyAllows(AwsRequest request, Topic topic) {
        if (topic.policy() == null) {
            return false;
        }
        Principal caller = request.caller();
        Map<String, String> context = new LinkedHashMap<>(state.principalContext(caller, request.region()));
        context.put("aws:resourceaccount", topic.accountId());
        return PolicyEvaluator.evaluate(List.of(topic.policy()), "SNS:Publish", topic.arn(), context,
                s -> principalMatches(s, caller)) == Decision.ALLOW;
    }

    private boolean principalMatches(Statement s, Principal caller) {
        Statement.Principals principals = s.principals();
        if (principals == null) {
            return false;
        }
        if (principals.anyone()) {
            return true;
        }
        String root = "arn:" + state.partition() + ":iam::" + caller.accountId() + ":root";
        for (String v : principals.aws()) {
            if (v.equals(caller.accountId()) || v.equals(root) || v.equals(caller.arn())
                    || (caller.isRoleSession() && v.equals(caller.roleArn()))) {
                return true;
            }
        }
        return false;
    }

    private static void validateEndpoint(String protocol, String endpoint) {
        boolean valid = endpoint != null && switch (protocol) {
            case "email", "email-json" -> endpoint.matches("[^@\\s]+@[^@\\s]+");
            case "http" -> endpoint.startsWith("http://");
            case "https" -> endpoint.startsWith("https://");
            case "sqs" -> endpoint.startsWith("arn:") && endpoint.contains(":sqs:");
            case "lambda" -> endpoint.startsWith("arn:") && endpoint.contains(":lambda:");
            default -> !endpoint.isEmpty();
        };
        if (!valid) {
            throw new AwsException("InvalidParameter", 400, protocol.startsWith("email")
                    ? "Invalid parameter: Email address" : "Invalid parameter: Endpoint");
        }
    }

    private static Map<String, String> entries(QueryParams p, String prefix) {
        var out = new LinkedHashMap<String, String>();
        for (int i : p.indices(prefix)) {
            String key = p.getOrNull(prefix + "." + i + ".key");
            String value = p.getOrNull(prefix + "." + i + ".value");
            if (key != null) {
                out.put(key, value);
            }
        }
        return out;
    }
}
