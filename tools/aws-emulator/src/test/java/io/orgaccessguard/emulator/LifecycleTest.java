package io.orgaccessguard.emulator;

import static io.orgaccessguard.emulator.TestOrgs.MGMT;
import static io.orgaccessguard.emulator.TestOrgs.PAYMENTS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orgaccessguard.emulator.seed.AccountSeed;
import io.orgaccessguard.emulator.seed.OrganizationSeed;
import io.orgaccessguard.emulator.seed.RoleSeed;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sts.StsClient;

class LifecycleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void restart_midRun_keepsPortAndState() {
        try (AwsEmulator aws = AwsEmulator.start(TestOrgs.standard())) {
            int port = aws.port();
            try (IamClient iam = Sdk.iam(aws, aws.credentialsFor(PAYMENTS))) {
                iam.createRole(r -> r.roleName("BeforeRestart").assumeRolePolicyDocument(
                        io.orgaccessguard.emulator.seed.PolicyDocuments.trust(MGMT)));
                var session = aws.credentialsForRole(PAYMENTS, TestOrgs.ACCESS_ROLE, "keep");

                aws.restart();

                assertThat(aws.port()).isEqualTo(port);
                assertThat(iam.getRole(r -> r.roleName("BeforeRestart")).role()).isNotNull();
                try (StsClient sts = Sdk.sts(aws, session)) {
                    assertThat(sts.getCallerIdentity().account()).isEqualTo(PAYMENTS);
                }
            }
        }
    }

    @Test
    void adminEndpoints_unsigned_serveStateCallsAndMessages() throws Exception {
        try (AwsEmulator aws = AwsEmulator.start(TestOrgs.standard());
             SnsClient sns = Sdk.sns(aws, aws.credentialsFor(MGMT));
             OrganizationsClient org = Sdk.organizations(aws, aws.credentialsFor(MGMT))) {
            sns.publish(r -> r.topicArn("arn:aws:sns:us-east-1:" + MGMT + ":alerts").subject("s1").message("hello"));
            org.tagResource(r -> r.resourceId(PAYMENTS).tags(t -> t.key("guard").value("ok")));
            HttpClient http = HttpClient.newHttpClient();

            JsonNode state = get(http, aws.endpoint().resolve("/_emulator/state"));
            JsonNode calls = get(http, aws.endpoint().resolve("/_emulator/calls"));
            JsonNode messages = get(http, aws.endpoint().resolve("/_emulator/sns/messages"));
            JsonNode summary = get(http, aws.endpoint().resolve("/_emulator/calls/summary"));

            assertThat(state.path("organization").path("managementAccountId").asText()).isEqualTo(MGMT);
            assertThat(state.path("accounts").findValuesAsText("id")).contains(PAYMENTS);
            assertThat(state.path("iam").path(PAYMENTS).path("roles").get(0).path("trustPolicy").path("Statement")
                    .isArray()).isTrue();
            assertThat(state.toString()).contains("\"guard\":\"ok\"");
            assertThat(calls.findValuesAsText("action")).contains("Publish", "TagResource");
            assertThat(messages.get(0).path("message").asText()).isEqualTo("hello");
            assertThat(summary.path("total").asLong()).isEqualTo(2);
            assertThat(summary.path("operations").path("sns:Publish").path("calls").asLong()).isEqualTo(1);
            assertThat(summary.path("operations").path("organizations:TagResource").path("errors").isEmpty())
                    .isTrue();
            var missing = http.send(HttpRequest.newBuilder(aws.endpoint().resolve("/_emulator/nope")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(missing.statusCode()).isEqualTo(404);
            var unsigned = http.send(HttpRequest.newBuilder(aws.endpoint().resolve("/"))
                    .POST(HttpRequest.BodyPublishers.ofString("Action=GetCallerIdentity&Version=2011-06-15"))
                    .header("Content-Type", "application/x-www-form-urlencoded").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(unsigned.statusCode()).isEqualTo(403);
            assertThat(unsigned.body()).contains("<Code>MissingAuthenticationToken</Code>");
            assertThat(unsigned.headers().firstValue("x-amzn-RequestId")).isPresent();
        }
    }

    private static JsonNode get(HttpClient http, URI uri) throws Exception {
        var response = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void tenThousandAccounts_seedAndServeConcurrently() throws Exception {
        var builder = OrganizationSeed.builder().organizationId("o-huge123456").managementAccount(MGMT);
        for (int i = 0; i < 10_000; i++) {
            String id = String.format("3%011d", i);
            builder.account(AccountSeed.builder(id).name("Member " + i)
                    .role(RoleSeed.builder(TestOrgs.ACCESS_ROLE).trusting("arn:aws:iam::" + MGMT + ":root")
                            .managedPolicy(TestOrgs.ADMIN).build())
                    .build());
        }
        long start = System.nanoTime();
        try (AwsEmulator aws = AwsEmulator.start(EmulatorOptions.builder().seed(1).build(), builder.build());
             StsClient sts = Sdk.sts(aws, aws.credentialsFor(MGMT));
             OrganizationsClient org = Sdk.organizations(aws, aws.credentialsFor(MGMT));
             var pool = Executors.newFixedThreadPool(16)) {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
            var futures = new ArrayList<Future<String>>();
            for (int i = 0; i < 200; i++) {
                String account = String.format("3%011d", i * 49);
                futures.add(pool.submit((Callable<String>) () -> sts.assumeRole(r -> r
                        .roleArn(TestOrgs.roleArn(account, TestOrgs.ACCESS_ROLE)).roleSessionName("scan"))
                        .assumedRoleUser().arn()));
            }
            for (Future<String> f : futures) {
                assertThat(f.get()).contains(":assumed-role/" + TestOrgs.ACCESS_ROLE + "/scan");
            }
            assertThat(org.describeAccount(r -> r.accountId("300000009999")).account().name()).isEqualTo("Member 9999");
            assertThat(org.listAccounts(r -> r.maxResults(20)).accounts()).hasSize(20);
        }
    }

    @Test
    void seedJson_demoOrganization_hasTheDocumentedScenarios() {
        try (AwsEmulator aws = AwsEmulator.start(OrganizationSeed.demo());
             StsClient sts = Sdk.sts(aws, aws.credentialsForRole("111111111111", "org-access-guard-function", "fn"))) {
            assertThat(sts.assumeRole(r -> r.roleArn("arn:aws:iam::222222222222:role/OrganizationAccountAccessRole")
                    .roleSessionName("check")).credentials()).isNotNull();
            Sdk.error(() -> sts.assumeRole(r -> r.roleArn("arn:aws:iam::333333333333:role/OrganizationAccountAccessRole")
                    .roleSessionName("check")), "AccessDenied", 403);
            var boot = Sdk.from(sts.assumeRole(r -> r.roleArn("arn:aws:iam::333333333333:role/OrgAccessGuardBootstrap")
                    .roleSessionName("boot")).credentials());
            try (IamClient iam = Sdk.iam(aws, boot)) {
                iam.createRole(r -> r.roleName("OrganizationAccountAccessRole").assumeRolePolicyDocument(
                        io.orgaccessguard.emulator.seed.PolicyDocuments.trust("arn:aws:iam::111111111111:root")));
                iam.attachRolePolicy(r -> r.roleName("OrganizationAccountAccessRole").policyArn(TestOrgs.ADMIN));
            }
            Sdk.error(() -> sts.assumeRole(r -> r.roleArn("arn:aws:iam::444444444444:role/OrgAccessGuardBootstrap")
                    .roleSessionName("check")), "AccessDenied", 403);
            Sdk.error(() -> sts.assumeRole(r -> r.roleArn("arn:aws:iam::555555555555:role/OrganizationAccountAccessRole")
                    .roleSessionName("check")), "AccessDenied", 403);
            try (SnsClient sns = Sdk.sns(aws, aws.credentialsForRole("111111111111", "org-access-guard-function", "fn"))) {
                sns.publish(r -> r.topicArn("arn:aws:sns:us-east-1:111111111111:org-access-guard-alerts").message("m"));
            }
            try (OrganizationsClient org = Sdk.organizations(aws, aws.credentialsFor("111111111111"))) {
                assertThat(org.describeAccount(r -> r.accountId("666666666666")).account().stateAsString())
                        .isEqualTo("SUSPENDED");
            }
        }
    }

    @Test
    void seedJson_invalidSeed_rejectedWithAClearMessage() {
        String bad = "{\"organization\":{\"id\":\"o-bad1234567\",\"managementAccountId\":\"111111111111\"},"
                + "\"accounts\":[{\"id\":\"111111111111\",\"roles\":[{\"name\":\"R\",\"trustPolicy\":\"nope\"}]}]}";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AwsEmulator.start(OrganizationSeed.fromJson(bad)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("role R of 111111111111");
    }

    @Test
    void main_standaloneProcess_startsAndAnswers(@TempDir Path dir) throws Exception {
        Path org = dir.resolve("org.json");
        try (var in = getClass().getResourceAsStream("/demo-organization.json")) {
            Files.write(org, in.readAllBytes());
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path jar = Path.of(System.getProperty("emulator.standaloneJar", "missing.jar"));
        List<String> command = Files.exists(jar)
                ? List.of(java, "-jar", jar.toString(), "--port", "0", "--seed", "7", "--org", org.toString())
                : List.of(java, "-cp", System.getProperty("java.class.path"), "io.orgaccessguard.emulator.Main",
                        "--port", "0", "--seed", "7", "--org", org.toString(), "--throttle", "iam=50");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String endpoint = null;
            String keyId = null;
            String line;
            while ((line = out.readLine()) != null && (endpoint == null || keyId == null)) {
                if (line.startsWith("endpoint=")) {
                    endpoint = line.substring("endpoint=".length());
                } else if (line.startsWith("accessKeyId=")) {
                    keyId = line.substring("accessKeyId=".length());
                }
            }
            assertThat(endpoint).startsWith("http://127.0.0.1:");
            try (AwsEmulator twin = AwsEmulator.start(EmulatorOptions.builder().seed(7).build(),
                    OrganizationSeed.fromFile(org))) {
                AwsCredentials same = twin.credentialsFor("111111111111");
                assertThat(keyId).isEqualTo(same.accessKeyId());
                var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(endpoint + "/_emulator/health")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.body()).contains("ok");
                try (StsClient sts = software.amazon.awssdk.services.sts.StsClient.builder()
                        .endpointOverride(URI.create(endpoint))
                        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                        .credentialsProvider(Sdk.provider(same))
                        .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                        .build()) {
                    assertThat(sts.getCallerIdentity().account()).isEqualTo("111111111111");
                }
            }
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
