package io.orgaccessguard.it.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;

/**
 * Records every AWS request any SDK client of this test JVM sends. Registered for all clients through the classpath
 * file {@code software/amazon/awssdk/global/handlers/execution.interceptors}, so the function's own clients are
 * recorded exactly as they are built, without a hook in its code.
 *
 * <p>Each attempt is recorded once it is signed: the IAM action ({@code <signing name>:<operation>}, e.g.
 * {@code sts:AssumeRole}), the access key that signed it, the endpoint, and the request fields that name what it acts
 * on. The access keys that {@code sts:AssumeRole} hands out are remembered, so a call signed with one of them is known
 * to be made <em>as a member-account role session</em>, not as the function's own execution role.
 */
public final class AwsCallRecorder implements ExecutionInterceptor {

    /**
     * One signed request.
     *
     * @param action      the IAM action, e.g. {@code organizations:DescribeAccount}
     * @param accessKeyId the key that signed it
     * @param endpoint    {@code host:port} it was sent to
     * @param fields      request fields that identify its resource ({@code RoleArn}, {@code TopicArn},
     *                    {@code ResourceId}, ...), when present
     * @param tagKeys     the keys of the {@code Tags} it sends, if any
     * @param label       what the test said it was running when the request was sent
     */
    public record Call(String action, String accessKeyId, String endpoint, Map<String, String> fields,
                       List<String> tagKeys, String label) {
    }

    /** Request fields that say what a call acts on. */
    private static final List<String> RESOURCE_FIELDS = List.of("RoleArn", "TopicArn", "TargetArn", "ResourceId",
            "AccountId", "HandshakeId", "ParentId", "RoleName", "PolicyArn", "TableName", "Bucket", "Key");
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/]+)/[^/]+/[^/]+/([^/]+)/aws4_request");

    private static final List<Call> CALLS = new CopyOnWriteArrayList<>();
    /** {@code endpoint|access key id} handed out by sts:AssumeRole -> the ARN of the role assumed. */
    private static final Map<String, String> ISSUED_SESSIONS = new ConcurrentHashMap<>();
    private static volatile String label = "";

    /** Every request recorded since the JVM started. */
    public static List<Call> calls() {
        return List.copyOf(CALLS);
    }

    /**
     * The role whose session signed the call, when its key was handed out by an sts:AssumeRole recorded against the
     * same endpoint (emulators started with the same seed hand out the same keys).
     */
    public static Optional<String> assumedRoleOf(Call call) {
        return Optional.ofNullable(ISSUED_SESSIONS.get(call.endpoint() + "|" + call.accessKeyId()));
    }

    /** Labels the requests sent from now on (e.g. the function that is running). */
    public static void label(String value) {
        label = value;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String authorization = context.httpRequest().firstMatchingHeader("Authorization").orElse("");
        Matcher credential = CREDENTIAL.matcher(authorization);
        boolean signed = credential.find();
        String accessKeyId = signed ? credential.group(1) : "(unsigned)";
        // SigV4's signing name is the IAM service prefix for the services the function uses (sts, iam, sns, ...)
        String signingName = signed ? credential.group(2)
                : attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME).toLowerCase(Locale.ROOT);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        CALLS.add(new Call(signingName + ":" + operation, accessKeyId,
                context.httpRequest().host() + ":" + context.httpRequest().port(), fields(context.request()),
                tagKeys(context.request()), label));
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.response() instanceof AssumeRoleResponse response && response.credentials() != null
                && context.request() instanceof AssumeRoleRequest request) {
            String endpoint = context.httpRequest().host() + ":" + context.httpRequest().port();
            ISSUED_SESSIONS.put(endpoint + "|" + response.credentials().accessKeyId(), request.roleArn());
        }
    }

    private static Map<String, String> fields(SdkRequest request) {
        Map<String, String> out = new LinkedHashMap<>();
        // DynamoDB's batch calls name their table as the key of RequestItems.
        try {
            request.getValueForField("RequestItems", Map.class).ifPresent(items -> ((Map<?, ?>) items).keySet()
                    .stream().findFirst().ifPresent(table -> out.put("TableName", String.valueOf(table))));
        } catch (ClassCastException notAMap) {
            // not a batch call
        }
        for (String name : RESOURCE_FIELDS) {
            try {
                request.getValueForField(name, String.class).ifPresent(value -> out.put(name, value));
            } catch (ClassCastException notAString) {
                // a field of that name with another type: not a resource name
            }
        }
        return out;
    }

    private static List<String> tagKeys(SdkRequest request) {
        List<String> keys = new ArrayList<>();
        Optional<?> tags;
        try {
            tags = request.getValueForField("Tags", List.class);
        } catch (ClassCastException notAList) {
            return keys;
        }
        tags.ifPresent(list -> {
            for (Object tag : (List<?>) list) {
                if (tag instanceof SdkPojo pojo) {
                    for (SdkField<?> field : pojo.sdkFields()) {
                        if (field.memberName().equals("Key")) {
                            keys.add(String.valueOf(field.getValueOrDefault(pojo)));
                        }
                    }
                }
            }
        });
        return keys;
    }
}
