package io.orgaccessguard.handler;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for STS, IAM, Organizations and SNS on a loopback port, for {@link SnapStartPriming} only: it answers the
 * calls of a join's two common paths with canned, well-formed responses, so that priming runs the real code (the SDK's
 * marshalling, signing, HTTP client and unmarshalling included) without a request leaving the sandbox or a credential
 * being resolved. Its organization: {@link #MANAGEMENT}, an account whose access role exists and carries the
 * configured policies ({@link #WITH_ROLE}: {@code ACCESS_VERIFIED}), and one with only a bootstrap role
 * ({@link #WITHOUT_ROLE}: {@code ROLE_CREATED}). One request per connection, answered with {@code Connection: close},
 * so no kept-alive socket ends up in the snapshot.
 */
final class PrimingAws implements AutoCloseable {

    static final String MANAGEMENT = "000000000000";
    static final String WITH_ROLE = "000000000001";
    static final String WITHOUT_ROLE = "000000000002";
    static final String ORGANIZATION_ID = "o-priming0000";
    private static final String KEY_PREFIX = "ASIAPRIMING";
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=" + KEY_PREFIX + "(\\d{12})/");
    private static final Pattern JSON_ACCOUNT_ID = Pattern.compile("\"AccountId\"\\s*:\\s*\"(\\d{12})\"");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:[^:]+:iam::(\\d{12}):role/(.+)");

    private final String partition;
    private final String accessRoleName;
    private final List<String> accessPolicyArns;
    private final ServerSocket server;
    private final Thread acceptor;
    private final Set<String> created = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<String>> attached = new ConcurrentHashMap<>();

    private PrimingAws(String partition, String accessRoleName, List<String> accessPolicyArns) throws IOException {
        this.partition = partition;
        this.accessRoleName = accessRoleName;
        this.accessPolicyArns = List.copyOf(accessPolicyArns);
        this.server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofPlatform().daemon().name("priming-aws").start(this::accept);
    }

    /**
     * @param accessPolicyArns what the existing access role carries: the policies the configuration requires, so that
     *                         the account with the role ends in {@code ACCESS_VERIFIED}
     */
    static PrimingAws start(String partition, String accessRoleName, List<String> accessPolicyArns)
            throws IOException {
        return new PrimingAws(partition, accessRoleName, accessPolicyArns);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    @Override
    public void close() {
        try {
            server.close();
            acceptor.join(2000);
        } catch (IOException e) {
            // closing anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofPlatform().daemon().name("priming-aws-request").start(() -> serve(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            Map<String, String> headers = new LinkedHashMap<>();
            String head = readHead(in);
            String[] lines = head.split("\r\n");
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).strip());
                }
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            Answer answer = headers.containsKey("x-amz-target") ? json(headers.get("x-amz-target"), body)
                    : query(form(body), headers.getOrDefault("authorization", ""));
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 " + answer.status() + " " + (answer.status() == 200 ? "OK" : "Error") + "\r\n"
                    + "Content-Type: " + answer.contentType() + "\r\n"
                    + "Content-Length: " + bytes.length + "\r\n"
                    + "x-amzn-RequestId: priming\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(bytes);
            out.flush();
        } catch (IOException | RuntimeException e) {
            // the client sees a broken response; priming goes on
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : 0;
            if (matched == 4) {
                break;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    record Answer(int status, String contentType, String body) {
    }

    // ------------------------------------------------------------------------------------------ Organizations (JSON)

    private Answer json(String target, String body) {
        String operation = target.substring(target.indexOf('.') + 1);
        String organizationArn = "arn:" + partition + ":organizations::" + MANAGEMENT + ":organization/"
                + ORGANIZATION_ID;
        String text = switch (operation) {
            case "DescribeOrganization" -> "{\"Organization\":{\"Id\":\"" + ORGANIZATION_ID + "\",\"Arn\":\""
                    + organizationArn + "\",\"FeatureSet\":\"ALL\",\"MasterAccountId\":\"" + MANAGEMENT
                    + "\",\"MasterAccountEmail\":\"priming@example.com\"}}";
            case "DescribeAccount" -> {
                Matcher m = JSON_ACCOUNT_ID.matcher(body);
                String id = m.find() ? m.group(1) : WITH_ROLE;
                yield "{\"Account\":{\"Id\":\"" + id + "\",\"Arn\":\"arn:" + partition + ":organizations::"
                        + MANAGEMENT + ":account/" + ORGANIZATION_ID + "/" + id + "\",\"Email\":\"priming@example.com\","
                        + "\"Name\":\"priming\",\"Status\":\"ACTIVE\",\"State\":\"ACTIVE\","
                        + "\"JoinedMethod\":\"INVITED\",\"JoinedTimestamp\":1.6E9}}";
            }
            case "ListTagsForResource" -> "{\"Tags\":[]}";
            default -> "{}";
        };
        return new Answer(200, "application/x-amz-json-1.1", text);
    }

    // ------------------------------------------------------------------------------------ STS, IAM and SNS (query)

    private Answer query(Map<String, String> params, String authorization) {
        String action = params.getOrDefault("Action", "Unknown");
        return switch (action) {
            case "AssumeRole" -> assumeRole(params.getOrDefault("RoleArn", ""));
            case "Publish" -> ok(action, "http://sns.amazonaws.com/doc/2010-03-31/", "<MessageId>priming</MessageId>");
            default -> iam(action, params, callerAccount(authorization));
        };
    }

    private Answer assumeRole(String roleArn) {
        Matcher m = ROLE_ARN.matcher(roleArn);
        String account = m.matches() ? m.group(1) : WITH_ROLE;
        String role = m.matches() ? m.group(2) : accessRoleName;
        String ns = "https://sts.amazonaws.com/doc/2011-06-15/";
        if (account.equals(WITHOUT_ROLE) && role.equals(accessRoleName) && !created.contains(account)) {
            return error(403, "AccessDenied", ns);
        }
        return ok("AssumeRole", ns, "<Credentials><AccessKeyId>" + KEY_PREFIX + account + "</AccessKeyId>"
                + "<SecretAccessKey>priming</SecretAccessKey><SessionToken>priming</SessionToken>"
                + "<Expiration>2099-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser>"
                + "<AssumedRoleId>AROAPRIMING:priming</AssumedRoleId><Arn>arn:" + partition + ":sts::" + account
                + ":assumed-role/" + role + "/priming</Arn></AssumedRoleUser>");
    }

    private Answer iam(String action, Map<String, String> params, String account) {
        String ns = "https://iam.amazonaws.com/doc/2010-05-08/";
        boolean roleExists = account.equals(WITH_ROLE) || created.contains(account);
        switch (action) {
            case "GetRole":
                return roleExists ? ok(action, ns, role(account)) : error(404, "NoSuchEntity", ns);
            case "CreateRole":
                created.add(account);
                return ok(action, ns, role(account));
            case "AttachRolePolicy":
                attached.computeIfAbsent(account, k -> ConcurrentHashMap.newKeySet())
                        .add(params.getOrDefault("PolicyArn", ""));
                return ok(action, ns, "");
            case "ListAttachedRolePolicies":
                StringBuilder members = new StringBuilder();
                for (String arn : account.equals(WITH_ROLE) ? Set.copyOf(accessPolicyArns)
                        : attached.getOrDefault(account, Set.of())) {
                    members.append("<member><PolicyName>").append(arn.substring(arn.lastIndexOf('/') + 1))
                            .append("</PolicyName><PolicyArn>").append(arn).append("</PolicyArn></member>");
                }
                return ok(action, ns, "<IsTruncated>false</IsTruncated><AttachedPolicies>" + members
                        + "</AttachedPolicies>");
            default:
                return ok(action, ns, "");
        }
    }

    private String role(String account) {
        String trust = urlEncoded("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"arn:" + partition + ":iam::" + MANAGEMENT + ":root\"},"
                + "\"Action\":\"sts:AssumeRole\"}]}");
        return "<Role><Path>/</Path><RoleName>" + accessRoleName + "</RoleName><RoleId>AROAPRIMING</RoleId>"
                + "<Arn>arn:" + partition + ":iam::" + account + ":role/" + accessRoleName + "</Arn>"
                + "<CreateDate>2020-01-01T00:00:00Z</CreateDate><AssumeRolePolicyDocument>" + trust
                + "</AssumeRolePolicyDocument></Role>";
    }

    private static String callerAccount(String authorization) {
        Matcher m = CREDENTIAL.matcher(authorization);
        return m.find() ? m.group(1) : MANAGEMENT;
    }

    private static Answer ok(String action, String ns, String result) {
        return new Answer(200, "text/xml", "<" + action + "Response xmlns=\"" + ns + "\"><" + action + "Result>"
                + result + "</" + action + "Result><ResponseMetadata><RequestId>priming</RequestId></ResponseMetadata>"
                + "</" + action + "Response>");
    }

    private static Answer error(int status, String code, String ns) {
        return new Answer(status, "text/xml", "<ErrorResponse xmlns=\"" + ns + "\"><Error><Type>Sender</Type><Code>"
                + code + "</Code><Message>priming</Message></Error><RequestId>priming</RequestId></ErrorResponse>");
    }

    /** URL-encoded, as IAM returns policy documents. */
    private static String urlEncoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
