package io.orgaccessguard.localinvoke.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamTemplateTest {

    private static final Path BASE = Path.of("/project");

    private static final String GLOBALS = """
            Parameters:
              Stage: {Type: String, Default: dev, AllowedValues: [dev, prod]}
              Memory: {Type: Number, Default: 1024}
              NoDefault: {Type: String}
            Globals:
              Function:
                Runtime: java21
                CodeUri: functions/access-guard
                MemorySize: 512
                Timeout: 30
                Architectures: [x86_64]
                Layers: [arn:aws:lambda:us-east-1:123456789012:layer:global:1]
                SnapStart: {ApplyOn: PublishedVersions}
                AutoPublishAlias: live
                Tags: {team: guard, cost: shared}
                Environment:
                  Variables:
                    LOG_LEVEL: INFO
                    TABLE: !Sub "table-${Stage}"
                    REGION_COPY: !Ref AWS::Region
            Resources:
              Join:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: io.orgaccessguard.handler.JoinHandler::handleRequest
                  MemorySize: !Ref Memory
                  Layers: [arn:aws:lambda:us-east-1:123456789012:layer:own:2]
                  Tags: {cost: join}
                  Environment:
                    Variables:
                      LOG_LEVEL: DEBUG
                      TOPIC_ARN: !Ref Topic
                  Events:
                    Joined:
                      Type: EventBridgeRule
                      Properties:
                        Pattern:
                          source: [aws.organizations]
                          detail-type: [AWS Service Event via CloudTrail]
                  Policies:
                    - SNSPublishMessagePolicy: {TopicName: !GetAtt Topic.TopicName}
                    - Statement:
                        - Effect: Allow
                          Action: organizations:ListAccounts
                          Resource: "*"
              Plain:
                Type: AWS::Serverless::Function
                IgnoreGlobals: [Environment, SnapStart]
                Properties:
                  Handler: io.orgaccessguard.handler.Plain
                  Timeout: 5
                  Policies: AWSLambdaBasicExecutionRole
              Bare:
                Type: AWS::Serverless::Function
                IgnoreGlobals: "*"
                Properties:
                  Handler: x.Y::z
                  Runtime: java21
                  CodeUri: s3://bucket/key.zip
              Topic:
                Type: AWS::SNS::Topic
            """;

    @Test
    void listsFunctionsAndResources() {
        SamTemplate t = SamTemplate.parse(GLOBALS, BASE);
        assertThat(t.functions()).extracting(SamFunction::logicalId).containsExactly("Join", "Plain", "Bare");
        assertThat(t.resourceIdsOfType("AWS::SNS::Topic")).containsExactly("Topic");
        assertThat(t.resourceType("Topic")).contains("AWS::SNS::Topic");
        assertThatThrownBy(() -> t.function("Topic")).isInstanceOf(TemplateException.class)
                .hasMessageContaining("[Join, Plain, Bare]");
        assertThatThrownBy(() -> t.function("Nope")).isInstanceOf(TemplateException.class);
    }

    @Test
    void mergesGlobalsTheWaySamDoes() {
        SamFunction join = SamTemplate.parse(GLOBALS, BASE).function("Join");
        assertThat(join.runtime()).contains("java21");
        assertThat(join.handler()).contains("io.orgaccessguard.handler.JoinHandler::handleRequest");
        assertThat(join.handlerRef()).contains(new SamFunction.HandlerRef("io.orgaccessguard.handler.JoinHandler",
                java.util.Optional.of("handleRequest")));
        assertThat(join.codeUri()).contains("functions/access-guard");
        assertThat(join.codeDirectory()).contains(BASE.resolve("functions/access-guard"));
        assertThat(join.memorySize()).isEqualTo(1024); // own !Ref wins over the global 512
        assertThat(join.timeout()).isEqualTo(30);
        assertThat(join.architectures()).containsExactly("x86_64");
        assertThat(join.snapStartApplyOn()).contains("PublishedVersions");
        assertThat(join.autoPublishAlias()).contains("live");
        assertThat(join.snapStartEnabled()).isTrue();
        // maps merge key by key, the function's keys win; lists concatenate, globals first
        assertThat(join.environmentVariables()).containsOnlyKeys("LOG_LEVEL", "TABLE", "REGION_COPY", "TOPIC_ARN");
        assertThat(join.environmentVariables().get("LOG_LEVEL")).isEqualTo("DEBUG");
        assertThat(join.property("Tags")).isEqualTo(Map.of("team", "guard", "cost", "join"));
        assertThat(join.property("Layers")).isEqualTo(List.of("arn:aws:lambda:us-east-1:123456789012:layer:global:1",
                "arn:aws:lambda:us-east-1:123456789012:layer:own:2"));
    }

    @Test
    void honoursIgnoreGlobalsAndDefaults() {
        SamTemplate t = SamTemplate.parse(GLOBALS, BASE);
        SamFunction plain = t.function("Plain");
        assertThat(plain.environmentVariables()).isEmpty();
        assertThat(plain.snapStartApplyOn()).isEmpty();
        assertThat(plain.snapStartEnabled()).isFalse();
        assertThat(plain.memorySize()).isEqualTo(512);
        assertThat(plain.timeout()).isEqualTo(5);
        assertThat(plain.handlerRef().orElseThrow().methodName()).isEmpty();
        assertThat(plain.policies()).containsExactly("AWSLambdaBasicExecutionRole");

        SamFunction bare = t.function("Bare");
        assertThat(bare.memorySize()).isEqualTo(SamFunction.DEFAULT_MEMORY_MB);
        assertThat(bare.timeout()).isEqualTo(SamFunction.DEFAULT_TIMEOUT_SECONDS);
        assertThat(bare.architectures()).containsExactly("x86_64");
        assertThat(bare.autoPublishAlias()).isEmpty();
        assertThat(bare.codeUri()).contains("s3://bucket/key.zip");
        assertThat(bare.codeDirectory()).isEmpty();
        assertThat(bare.logFormat()).isEqualTo("Text");
    }

    @Test
    void resolvesEnvironmentWithParametersAndPseudoParameters() {
        SamTemplate t = SamTemplate.parse(GLOBALS, BASE);
        SamFunction plainGlobals = t.withParameterOverrides(Map.of("Stage", "prod"))
                .withPseudoParameters(PseudoParameters.forRegion("eu-west-1")).function("Join");
        assertThatThrownBy(plainGlobals::resolvedEnvironmentVariables).isInstanceOf(UnresolvableException.class)
                .hasMessageContaining("TOPIC_ARN").hasMessageContaining("AWS::SNS::Topic");
        Map<String, String> env = t.withParameterOverrides(Map.of("Stage", "prod"))
                .withPseudoParameters(PseudoParameters.forRegion("eu-west-1"))
                .withResourceValues(Map.of("Topic", "arn:aws:sns:eu-west-1:123456789012:t"))
                .function("Join").resolvedEnvironmentVariables();
        assertThat(env).containsExactly(Map.entry("LOG_LEVEL", "DEBUG"), Map.entry("TABLE", "table-prod"),
                Map.entry("REGION_COPY", "eu-west-1"), Map.entry("TOPIC_ARN", "arn:aws:sns:eu-west-1:123456789012:t"));
    }

    @Test
    void exposesEventsAndPolicies() {
        SamFunction join = SamTemplate.parse(GLOBALS, BASE).function("Join");
        SamFunction.SamEvent joined = join.events().get("Joined");
        assertThat(joined.type()).isEqualTo("EventBridgeRule");
        assertThat(joined.properties().get("Pattern"))
                .isEqualTo(Map.of("source", List.of("aws.organizations"),
                        "detail-type", List.of("AWS Service Event via CloudTrail")));
        assertThat(join.policies()).hasSize(2);
        assertThat(join.policies().get(0)).isEqualTo(Map.of("SNSPublishMessagePolicy",
                Map.of("TopicName", Map.of("Fn::GetAtt", List.of("Topic", "TopicName")))));
    }

    @Test
    void parametersWithDefaultsAndOverrides() {
        SamTemplate t = SamTemplate.parse(GLOBALS, BASE);
        assertThat(t.parameters()).containsOnlyKeys("Stage", "Memory", "NoDefault");
        assertThat(t.parameters().get("Stage").defaultValue()).contains("dev");
        assertThat(t.parameters().get("Stage").allowedValues()).containsExactly("dev", "prod");
        assertThat(t.parameters().get("Memory").defaultValue()).contains("1024");
        assertThat(t.parameterValues()).containsExactly(Map.entry("Stage", "dev"), Map.entry("Memory", "1024"));
        assertThat(t.withParameterOverrides(Map.of("NoDefault", "x")).parameterValues()).containsEntry("NoDefault", "x");
        assertThatThrownBy(() -> t.withParameterOverrides(Map.of("Stage", "qa"))).isInstanceOf(TemplateException.class)
                .hasMessageContaining("[dev, prod]");
        assertThatThrownBy(() -> t.withParameterOverrides(Map.of("Unknown", "x"))).isInstanceOf(TemplateException.class);
        assertThatThrownBy(() -> t.resolver().resolveString(Map.of("Ref", "NoDefault")))
                .isInstanceOf(UnresolvableException.class).hasMessageContaining("NoDefault");
    }

    @Test
    void rejectsGlobalsSamRejects() {
        assertThatThrownBy(() -> SamTemplate.parse("""
                Globals:
                  Function:
                    Policies: [x]
                Resources: {}
                """, BASE)).isInstanceOf(TemplateException.class).hasMessageContaining("'Policies'");
        assertThatThrownBy(() -> SamTemplate.parse("""
                Globals:
                  Functions: {Timeout: 3}
                Resources: {}
                """, BASE)).isInstanceOf(TemplateException.class).hasMessageContaining("'Functions'");
        assertThatThrownBy(() -> SamTemplate.parse("Foo: 1\n", BASE)).isInstanceOf(TemplateException.class)
                .hasMessageContaining("Resources");
    }

    @Test
    void resolvesEveryIntrinsicOfTheAllTagsTemplate() throws IOException {
        SamTemplate t = SamTemplate.parse(CfnYamlTest.resource("all-tags.yaml"), BASE)
                .withResourceValues(Map.of("Table.Arn", "arn:aws:dynamodb:us-east-1:123456789012:table/t"));
        IntrinsicResolver r = t.resolver();
        Map<String, Object> vars = t.function("Fn").environmentVariables();
        assertThat(r.resolveString(vars.get("REF"))).isEqualTo("dev");
        assertThat(r.resolveString(vars.get("SUB"))).isEqualTo("arn:aws:sns:us-east-1:123456789012:topic-dev");
        assertThat(r.resolveString(vars.get("SUB_LIST"))).isEqualTo("dev-local");
        assertThat(r.resolveString(vars.get("GETATT"))).isEqualTo("arn:aws:dynamodb:us-east-1:123456789012:table/t");
        assertThatThrownBy(() -> r.resolveString(vars.get("GETATT_LIST"))).isInstanceOf(UnresolvableException.class)
                .hasMessageContaining("Table.StreamArn");
        assertThat(r.resolveString(vars.get("IF"))).isEqualTo("dev-value");
        assertThat(r.resolveString(vars.get("JOIN"))).isEqualTo("a-dev-c");
        assertThat(r.resolveString(vars.get("SELECT"))).isEqualTo("subnet-b");
        assertThat(r.resolveString(vars.get("SPLIT_SELECT"))).isEqualTo("z");
        assertThat(r.resolveString(vars.get("EQUALS_IN_IF"))).isEqualTo("big-dev");
        assertThat(r.resolveString(vars.get("OR_IN_IF"))).isEqualTo("yes-or");
        assertThat(r.resolveString(vars.get("FIND"))).isEqualTo("DEBUG");
        assertThat(r.resolveString(vars.get("NOT_DEV"))).isEqualTo("dev");
        assertThat(r.resolveString(vars.get("BASE64")))
                .isEqualTo(Base64.getEncoder().encodeToString("hi".getBytes()));
        assertThat(r.resolveString(vars.get("VERSION_DATE"))).isEqualTo("2012-10-17");
        assertThat(r.resolveString(vars.get("NUMBER"))).isEqualTo("512");
        for (String name : List.of("IMPORT", "AZ", "CIDR")) {
            assertThatThrownBy(() -> r.resolveString(vars.get(name))).as(name)
                    .isInstanceOf(UnresolvableException.class).hasMessageContaining("cannot be evaluated locally");
        }
        assertThat(r.condition("IsProd")).isFalse();
        assertThat(r.condition("IsDev")).isTrue();
        assertThat(r.tryResolveString(vars.get("IMPORT"))).isEmpty();

        SamTemplate prod = t.withParameterOverrides(Map.of("Stage", "prod", "Size", "128"));
        assertThat(prod.resolver().resolveString(vars.get("FIND"))).isEqualTo("WARN");
        assertThat(prod.resolver().resolveString(vars.get("EQUALS_IN_IF"))).isEqualTo("other");
        assertThat(prod.resolver().resolveString(vars.get("OR_IN_IF"))).isEqualTo("yes-or");
    }

    @Test
    void noValueDisappearsAndSubEscapesWork() throws IOException {
        SamTemplate t = SamTemplate.parse(CfnYamlTest.resource("all-tags.yaml"), BASE)
                .withResourceValues(Map.of("Table.Arn", "arn:t"));
        Object policy = t.resolver().resolve(t.function("Fn").policies().get(0));
        assertThat(policy).isEqualTo(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                "Effect", "Allow", "Action", "sns:Publish", "Resource", "arn:t/*"))));
        assertThat(t.resolver().resolveString(Map.of("Fn::Sub", "${!Literal}-${AWS::Partition}-${AWS::URLSuffix}")))
                .isEqualTo("${Literal}-aws-amazonaws.com");
        assertThat(PseudoParameters.forRegion("cn-north-1").partition()).isEqualTo("aws-cn");
        assertThatThrownBy(() -> t.resolver().resolveString(Map.of("Fn::Sub", "${Nope}")))
                .isInstanceOf(UnresolvableException.class).hasMessageContaining("Nope");
    }

    @Test
    void partialResolutionKeepsWhatIsNotKnownLocally() {
        SamTemplate t = SamTemplate.parse("""
                Parameters:
                  Roles: {Type: CommaDelimitedList, Default: ''}
                  RoleName: {Type: String, Default: Access}
                Conditions:
                  HasRoles: !Not [!Equals [!Join ['', !Ref Roles], '']]
                Rules:
                  Region:
                    Assertions:
                      - Assert: !Contains [[us-east-1], !Ref AWS::Region]
                Resources:
                  Topic: {Type: AWS::SNS::Topic}
                  Logs:
                    Type: AWS::Logs::LogGroup
                    Properties: {LogGroupName: !Sub '/aws/lambda/${AWS::StackName}-fn'}
                  Policy:
                    Type: AWS::IAM::ManagedPolicy
                    Properties:
                      PolicyDocument:
                        Statement:
                          - Action: sts:AssumeRole
                            Resource: !Split
                              - ','
                              - !Join
                                - ','
                                - - !Sub 'arn:${AWS::Partition}:iam::*:role/${RoleName}'
                                  - !If
                                    - HasRoles
                                    - !Sub
                                      - 'arn:${AWS::Partition}:iam::*:role/${Names}'
                                      - Names: !Join [!Sub ',arn:${AWS::Partition}:iam::*:role/', !Ref Roles]
                                    - !Ref AWS::NoValue
                          - Action: sns:Publish
                            Resource: !Ref Topic
                """, BASE);
        Object document = t.resource("Policy").get("Properties");
        assertThat(t.resolver().resolvePartially(document)).isEqualTo(Map.of("PolicyDocument", Map.of("Statement",
                List.of(Map.of("Action", "sts:AssumeRole", "Resource", List.of("arn:aws:iam::*:role/Access")),
                        Map.of("Action", "sns:Publish", "Resource", Map.of("Ref", "Topic"))))));
        SamTemplate withRoles = t.withParameterOverrides(Map.of("Roles", "a,b"));
        assertThat(withRoles.resolver().resolvePartially(document).toString())
                .contains("[arn:aws:iam::*:role/Access, arn:aws:iam::*:role/a, arn:aws:iam::*:role/b]");
        // other tags (here a Rules function) parse as Fn::<Name>; named resources resolve to their names
        assertThat(t.tree().get("Rules").toString()).contains("Fn::Contains");
        assertThat(t.resolver().resolveString(Map.of("Ref", "Logs"))).isEqualTo("/aws/lambda/local-fn");
    }

    @Test
    void loadsFromAFileRelativeToItsFolder() {
        SamTemplate t = SamTemplate.load(Path.of("src/test/fixtures/template.yaml"));
        assertThat(t.location()).isPresent();
        SamFunction echo = t.function("EchoFunction");
        assertThat(echo.codeDirectory()).contains(Path.of("src/test/fixtures/fixture-function").toAbsolutePath());
        assertThat(echo.memorySize()).isEqualTo(512);
        SamFunction map = t.function("MapFunction");
        assertThat(map.functionName()).contains("local-map-dev");
        assertThat(map.environmentVariables()).containsKeys("GREETING", "STAGE", "SHARED", "TOPIC_ARN", "PROD_ONLY");
        assertThat(t.withResourceValues(Map.of("Topic", "arn:topic")).function("MapFunction")
                .resolvedEnvironmentVariables()).doesNotContainKey("PROD_ONLY")
                .containsEntry("SHARED", "from-function").containsEntry("GREETING", "hello from us-east-1");
        assertThat(t.withParameterOverrides(Map.of("Stage", "prod")).withResourceValues(Map.of("Topic", "arn:topic"))
                .function("MapFunction").resolvedEnvironmentVariables()).containsEntry("PROD_ONLY", "yes");
        assertThat(t.function("EnvKeysFunction").logFormat()).isEqualTo("JSON");
    }
}
