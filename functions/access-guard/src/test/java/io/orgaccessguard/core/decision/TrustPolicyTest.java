package io.orgaccessguard.core.decision;

import static io.orgaccessguard.core.decision.CheckFixtures.CHINA_MANAGEMENT_ROOT;
import static io.orgaccessguard.core.decision.CheckFixtures.CONSOLE_STYLE_TRUST;
import static io.orgaccessguard.core.decision.CheckFixtures.EC2_STATEMENT;
import static io.orgaccessguard.core.decision.CheckFixtures.MANAGEMENT_ROLE;
import static io.orgaccessguard.core.decision.CheckFixtures.PARTNER_ACCOUNT_ID;
import static io.orgaccessguard.core.decision.CheckFixtures.PARTNER_ROOT;
import static io.orgaccessguard.core.decision.CheckFixtures.PARTNER_STATEMENT;
import static io.orgaccessguard.core.decision.CheckFixtures.allow;
import static io.orgaccessguard.core.decision.CheckFixtures.allowAws;
import static io.orgaccessguard.core.decision.CheckFixtures.statement;
import static io.orgaccessguard.core.decision.CheckFixtures.trust;
import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ACCOUNT_ID;
import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.policybuilder.iam.IamAction;
import software.amazon.awssdk.policybuilder.iam.IamEffect;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.policybuilder.iam.IamStatement;

class TrustPolicyTest {


    private static List<String> principalsOf(IamStatement statement) {
        return statement.principals().stream().map(p -> p.type().value() + ":" + p.id()).toList();
    }

    private static List<String> actionsOf(IamStatement statement) {
        return statement.actions().stream().map(IamAction::value).toList();
    }

    private static List<IamStatement> statementsWithSid(IamPolicy policy, String sid) {
        return policy.statements().stream().filter(s -> sid.equals(s.sid())).toList();
    }

    @Nested
    class Document {

        @Test
        void document_principals_isOneAllowOfAssumeRoleForExactlyThosePrincipals() {
            IamPolicy policy = IamPolicy.fromJson(TrustPolicy.document(List.of(MANAGEMENT_ROOT, MANAGEMENT_ROLE)));

            assertThat(policy.version()).isEqualTo("2012-10-17");
            assertThat(policy.statements()).hasSize(1);
            IamStatement statement = policy.statements().get(0);
            assertThat(statement.effect()).isEqualTo(IamEffect.ALLOW);
            assertThat(principalsOf(statement)).containsExactly("AWS:" + MANAGEMENT_ROOT, "AWS:" + MANAGEMENT_ROLE);
            assertThat(actionsOf(statement)).containsExactly("sts:AssumeRole");
            assertThat(statement.conditions()).isEmpty();
            assertThat(statement.notPrincipals()).isEmpty();
            assertThat(statement.notActions()).isEmpty();
            assertThat(statement.resources()).isEmpty();
            assertThat(statement.sid()).isEqualTo(TrustPolicy.STATEMENT_ID);
        }

        @Test
        void document_onePrincipal_namesOnlyIt() {
            IamPolicy policy = IamPolicy.fromJson(TrustPolicy.document(List.of(MANAGEMENT_ROOT)));

            assertThat(policy.statements()).singleElement()
                    .satisfies(s -> assertThat(principalsOf(s)).containsExactly("AWS:" + MANAGEMENT_ROOT));
        }

        @Test
        void document_parsedBack_admitsEachPrincipal() {
            TrustPolicy trust = TrustPolicy.parse(TrustPolicy.document(List.of(MANAGEMENT_ROOT, MANAGEMENT_ROLE)));

            assertThat(trust.admitsAll(List.of(MANAGEMENT_ROOT, MANAGEMENT_ROLE))).isTrue();
        }
    }

    @Nested
    class Admits {

        static Stream<Arguments> admittingTrusts() {
            return Stream.of(
                    Arguments.of("root ARN", trust(allowAws(MANAGEMENT_ROOT)), MANAGEMENT_ROOT),
                    Arguments.of("bare account ID", trust(allowAws(MANAGEMENT_ACCOUNT_ID)), MANAGEMENT_ROOT),
                    Arguments.of("bare account ID, aws-cn", trust(allowAws(MANAGEMENT_ACCOUNT_ID)),
                            CHINA_MANAGEMENT_ROOT),
                    Arguments.of("exact role ARN", trust(allowAws(MANAGEMENT_ROLE)), MANAGEMENT_ROLE),
                    Arguments.of("principal list", trust(allow("{\"AWS\": [\"" + PARTNER_ROOT + "\", \""
                            + MANAGEMENT_ROOT + "\"]}", "\"sts:AssumeRole\"")), MANAGEMENT_ROOT),
                    Arguments.of("sts:*", trust(allow("{\"AWS\": \"" + MANAGEMENT_ROOT + "\"}", "\"sts:*\"")),
                            MANAGEMENT_ROOT),
                    Arguments.of("*", trust(allow("{\"AWS\": \"" + MANAGEMENT_ROOT + "\"}", "\"*\"")), MANAGEMENT_ROOT),
                    Arguments.of("action list", trust(allow("{\"AWS\": \"" + MANAGEMENT_ROOT + "\"}",
                            "[\"sts:TagSession\", \"sts:AssumeRole\"]")), MANAGEMENT_ROOT),
                    Arguments.of("action case", trust(allow("{\"AWS\": \"" + MANAGEMENT_ROOT + "\"}",
                            "\"STS:assumerole\"")), MANAGEMENT_ROOT),
                    Arguments.of("console style, empty Condition", CONSOLE_STYLE_TRUST, MANAGEMENT_ROOT),
                    Arguments.of("beside a foreign statement", trust(PARTNER_STATEMENT, EC2_STATEMENT,
                            allowAws(MANAGEMENT_ROOT)), MANAGEMENT_ROOT));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("admittingTrusts")
        void admits_unconditionalAllowNamingThePrincipal_returnsTrue(String label, String trust, String principal) {
            assertThat(TrustPolicy.parse(trust).admits(principal)).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"*\"", "{\"AWS\": \"*\"}", "{\"AWS\": [\"*\"]}"})
        void admits_wildcardPrincipal_returnsTrue(String principal) {
            TrustPolicy trust = TrustPolicy.parse(trust(allow(principal, "\"sts:AssumeRole\"")));

            assertThat(trust.admits(MANAGEMENT_ROOT)).isTrue();
        }

        @Test
        void admits_statementWithCondition_isNotCounted() {
            TrustPolicy trust = TrustPolicy.parse(trust("""
                    {"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole",
                     "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-exampleorgid"}}}
                    """));

            assertThat(trust.admits(MANAGEMENT_ROOT)).isFalse();
        }

        @Test
        void admits_conditionalStatementNamingUs_isNotCounted() {
            TrustPolicy trust = TrustPolicy.parse(trust("""
                    {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"},
                     "Action": "sts:AssumeRole", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}
                    """));

            assertThat(trust.admits(MANAGEMENT_ROOT)).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"sts:TagSession\"", "\"sts:AssumeRoleWithSAML\"", "\"iam:*\"",
                "[\"sts:SetSourceIdentity\", \"sts:TagSession\"]"})
        void admits_otherActionsOnly_returnsFalse(String action) {
            assertThat(TrustPolicy.parse(trust(allow("\"*\"", action))).admits(MANAGEMENT_ROOT)).isFalse();
        }

        @Test
        void admits_otherAccountOnly_returnsFalse() {
            TrustPolicy trust = TrustPolicy.parse(trust(allowAws(PARTNER_ROOT), allowAws(PARTNER_ACCOUNT_ID),
                    EC2_STATEMENT));

            assertThat(trust.admits(MANAGEMENT_ROOT)).isFalse();
        }

        @Test
        void admits_roleOfOurAccountTrusted_doesNotAdmitTheRoot() {
            assertThat(TrustPolicy.parse(trust(allowAws(MANAGEMENT_ROLE))).admits(MANAGEMENT_ROOT)).isFalse();
        }

        @Test
        void admits_explicitDenyNamingUs_overridesTheAllow() {
            TrustPolicy trust = TrustPolicy.parse(trust(allowAws(MANAGEMENT_ROOT),
                    statement("Deny", "{\"AWS\": \"" + MANAGEMENT_ROOT + "\"}", "\"sts:AssumeRole\"")));

            assertThat(trust.admits(MANAGEMENT_ROOT)).isFalse();
        }

        @Test
        void admits_explicitDenyOfEveryone_overridesAWildcardAllow() {
            TrustPolicy trust = TrustPolicy.parse(trust(allow("\"*\"", "\"sts:AssumeRole\""),
                    statement("Deny", "\"*\"", "\"sts:*\"")));

            assertThat(trust.admits(MANAGEMENT_ROOT)).isFalse();
        }

        @Test
        void admits_denyToEveryoneButAPartner_returnsFalse() {
            TrustPolicy trust = TrustPolicy.parse(trust(allow("\"*\"", "\"sts:AssumeRole\""), """
                    {"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::999999999999:root"},
                     "Action": "sts:AssumeRole"}
                    """));

            assertThat(trust.admits(MANAGEMENT_ROOT)).isFalse();
        }

        @Test
        void admits_statementWithBooleanConditionValue_isNotCounted() {
            TrustPolicy trust = TrustPolicy.parse(trust("""
                    {"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole",
                     "Condition": {"Bool": {"aws:MultiFactorAuthPresent": true}}}
                    """));

            assertThat(trust.admits(MANAGEMENT_ROOT)).isFalse();
        }

        @Test
        void admitsAll_wildcardTrust_admitsEveryPrincipal() {
            TrustPolicy trust = TrustPolicy.parse(trust(allow("{\"AWS\": \"*\"}", "\"sts:AssumeRole\"")));

            assertThat(trust.admitsAll(List.of(MANAGEMENT_ROOT, PARTNER_ROOT))).isTrue();
        }

        @Test
        void admitsAll_oneOfTwoNotAdmitted_returnsFalse() {
            TrustPolicy trust = TrustPolicy.parse(trust(allowAws(PARTNER_ROOT)));

            assertThat(trust.admitsAll(List.of(PARTNER_ROOT, MANAGEMENT_ROOT))).isFalse();
        }
    }

    @Nested
    class AllowedPrincipals {

        @Test
        void allowedPrincipals_allowStatementsForAssumeRole_listsTheirPrincipals() {
            TrustPolicy trust = TrustPolicy.parse(trust(allowAws(PARTNER_ROOT), EC2_STATEMENT,
                    statement("Deny", "{\"AWS\": \"" + MANAGEMENT_ROLE + "\"}", "\"sts:AssumeRole\"")));

            assertThat(trust.allowedPrincipals()).containsExactly("AWS:" + PARTNER_ROOT, "Service:ec2.amazonaws.com");
        }
    }

    @Nested
    class WithPrincipalsAdmitted {

        @Test
        void withPrincipalsAdmitted_foreignStatements_areKeptAndOneAdmittingOursIsAdded() {
            String original = trust(PARTNER_STATEMENT, EC2_STATEMENT);

            IamPolicy repaired = IamPolicy.fromJson(TrustPolicy.parse(original).withPrincipalsAdmitted(
                    List.of(MANAGEMENT_ROOT)));

            List<IamStatement> foreign = IamPolicy.fromJson(original).statements();
            assertThat(repaired.statements()).hasSize(3).containsAll(foreign);
            assertThat(statementsWithSid(repaired, TrustPolicy.STATEMENT_ID)).singleElement().satisfies(ours -> {
                assertThat(ours.effect()).isEqualTo(IamEffect.ALLOW);
                assertThat(principalsOf(ours)).containsExactly("AWS:" + MANAGEMENT_ROOT);
                assertThat(actionsOf(ours)).containsExactly("sts:AssumeRole");
                assertThat(ours.conditions()).isEmpty();
            });
        }

        @Test
        void withPrincipalsAdmitted_appliedTwice_hasOneStatementOfOurs() {
            String once = TrustPolicy.parse(trust(PARTNER_STATEMENT)).withPrincipalsAdmitted(List.of(MANAGEMENT_ROOT));

            String twice = TrustPolicy.parse(once).withPrincipalsAdmitted(List.of(MANAGEMENT_ROOT));

            assertThat(IamPolicy.fromJson(twice)).isEqualTo(IamPolicy.fromJson(once));
            assertThat(statementsWithSid(IamPolicy.fromJson(twice), TrustPolicy.STATEMENT_ID)).hasSize(1);
            assertThat(IamPolicy.fromJson(twice).statements()).hasSize(2);
        }

        @Test
        void withPrincipalsAdmitted_earlierStatementOfOurs_isReplacedByTheNewPrincipals() {
            String earlier = TrustPolicy.parse(trust(EC2_STATEMENT)).withPrincipalsAdmitted(List.of(PARTNER_ROOT));

            IamPolicy repaired = IamPolicy.fromJson(TrustPolicy.parse(earlier)
                    .withPrincipalsAdmitted(List.of(MANAGEMENT_ROOT, MANAGEMENT_ROLE)));

            assertThat(statementsWithSid(repaired, TrustPolicy.STATEMENT_ID)).singleElement().satisfies(ours ->
                    assertThat(principalsOf(ours)).containsExactly("AWS:" + MANAGEMENT_ROOT, "AWS:" + MANAGEMENT_ROLE));
            assertThat(repaired.statements()).hasSize(2);
        }

        @Test
        void withPrincipalsAdmitted_consoleStyleTrust_keepsItsStatement() {
            IamPolicy repaired = IamPolicy.fromJson(TrustPolicy.parse(CONSOLE_STYLE_TRUST)
                    .withPrincipalsAdmitted(List.of(MANAGEMENT_ROLE)));

            assertThat(repaired.statements()).hasSize(2);
            assertThat(repaired.statements().stream().map(TrustPolicyTest::principalsOf))
                    .containsExactly(List.of("AWS:" + MANAGEMENT_ROOT), List.of("AWS:" + MANAGEMENT_ROLE));
        }

        @Test
        void withPrincipalsAdmitted_foreignStatementWithBooleanAndNumericConditions_keepsThem() {
            String original = trust("""
                    {"Sid": "PartnerWithMfa", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999999999999:root"},
                     "Action": "sts:AssumeRole", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": true},
                     "NumericLessThan": {"aws:MultiFactorAuthAge": 3600}}}
                    """);

            String repaired = TrustPolicy.parse(original).withPrincipalsAdmitted(List.of(MANAGEMENT_ROOT));

            assertThat(repaired).contains("aws:MultiFactorAuthPresent").contains("aws:MultiFactorAuthAge");
        }
    }

    @Nested
    class Parse {

        @Test
        void parse_conditionValueListWithBoolean_doesNotThrow() {
            String document = trust("""
                    {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999999999999:root"},
                     "Action": "sts:AssumeRole", "Condition": {"Bool": {"aws:SecureTransport": [true]}}}
                    """);

            assertThatCode(() -> TrustPolicy.parse(document)).doesNotThrowAnyException();
        }
    }
}
