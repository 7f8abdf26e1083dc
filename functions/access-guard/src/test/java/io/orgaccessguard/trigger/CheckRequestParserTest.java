package io.orgaccessguard.trigger;

import io.orgaccessguard.core.model.CheckRequest;
import io.orgaccessguard.core.model.InvalidRequestException;

import static io.orgaccessguard.trigger.TriggerFixtures.ACCOUNT_A;
import static io.orgaccessguard.trigger.TriggerFixtures.ACCOUNT_B;
import static io.orgaccessguard.trigger.TriggerFixtures.MANUAL_RECHECK;
import static io.orgaccessguard.trigger.TriggerFixtures.OU_ID;
import static io.orgaccessguard.trigger.TriggerFixtures.ROOT_ID;
import static io.orgaccessguard.trigger.TriggerFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.orgaccessguard.json.Json;
import io.orgaccessguard.core.model.CheckRequest.AccountList;
import io.orgaccessguard.core.model.CheckRequest.AllAccounts;
import io.orgaccessguard.core.model.CheckRequest.NotifyMode;
import io.orgaccessguard.core.model.CheckRequest.OrganizationalUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CheckRequestParserTest {

    private static CheckRequest parse(String request) {
        return CheckRequestParser.parse(json(request));
    }

    private static InvalidRequestException refusal(Object request) {
        return catchThrowableOfType(InvalidRequestException.class, () -> CheckRequestParser.parse(request));
    }

    private static InvalidRequestException refusal(String request) {
        return refusal(json(request));
    }

    /** {@code count} distinct 12-digit account IDs. */
    private static List<Object> accountIds(int count) {
        return new ArrayList<>(IntStream.range(0, count)
                .mapToObj(i -> String.format(Locale.ROOT, "%012d", 100_000_000_000L + i)).toList());
    }

    private static Map<String, Object> request(String field, Object value) {
        var request = new LinkedHashMap<String, Object>();
        request.put(field, value);
        return request;
    }

    @Nested
    class ValidRequests {

        @Test
        void parse_exampleManualRecheck_isThatAccountWithDryRunOff() {
            CheckRequest request = CheckRequestParser.parse(json(MANUAL_RECHECK));

            assertThat(request.selection()).isEqualTo(new AccountList(List.of("444444444444")));
            assertThat(request.dryRun()).contains(false);
            assertThat(request.notifyMode()).isEqualTo(NotifyMode.EACH);
        }

        @Test
        void parse_accountIds_keepsTheirOrderAndDefaultsToOneMessageEach() {
            CheckRequest request = parse("{\"accountIds\": [\"" + ACCOUNT_B + "\", \"" + ACCOUNT_A + "\"]}");

            assertThat(request.selection()).isEqualTo(new AccountList(List.of(ACCOUNT_B, ACCOUNT_A)));
            assertThat(request.dryRun()).isEmpty();
            assertThat(request.notifyMode()).isEqualTo(NotifyMode.EACH);
        }

        @Test
        void parse_all_isEveryAccountWithADigest() {
            CheckRequest request = parse("{\"all\": true}");

            assertThat(request.selection()).isEqualTo(new AllAccounts());
            assertThat(request.notifyMode()).isEqualTo(NotifyMode.DIGEST);
        }

        @Test
        void parse_organizationalUnitWithoutRecursive_isThatOuDirectlyWithADigest() {
            CheckRequest request = parse("{\"organizationalUnitId\": \"" + OU_ID + "\"}");

            assertThat(request.selection()).isEqualTo(new OrganizationalUnit(OU_ID, false));
            assertThat(request.notifyMode()).isEqualTo(NotifyMode.DIGEST);
        }

        @ParameterizedTest
        @ValueSource(booleans = {true, false})
        void parse_organizationalUnitWithRecursive_takesRecursive(boolean recursive) {
            CheckRequest request =
                    parse("{\"organizationalUnitId\": \"" + OU_ID + "\", \"recursive\": " + recursive + "}");

            assertThat(request.selection()).isEqualTo(new OrganizationalUnit(OU_ID, recursive));
        }

        @ParameterizedTest
        @ValueSource(strings = {ROOT_ID, "r-0a1b2c3d", OU_ID, "ou-0a1b2c3d-0a1b2c3d4e5f"})
        void parse_rootOrOuId_isTaken(String id) {
            assertThat(parse("{\"organizationalUnitId\": \"" + id + "\", \"recursive\": true}").selection())
                    .isEqualTo(new OrganizationalUnit(id, true));
        }

        @ParameterizedTest
        @ValueSource(booleans = {true, false})
        void parse_dryRun_isTaken(boolean dryRun) {
            assertThat(parse("{\"all\": true, \"dryRun\": " + dryRun + "}").dryRun()).contains(dryRun);
        }

        @ParameterizedTest
        @CsvSource({"each, EACH", "digest, DIGEST", "none, NONE", "NONE, NONE", "Digest, DIGEST"})
        void parse_notify_isTakenInAnyCase(String notify, NotifyMode expected) {
            assertThat(parse("{\"accountIds\": [\"" + ACCOUNT_A + "\"], \"notify\": \"" + notify + "\"}").notifyMode())
                    .isEqualTo(expected);
        }

        @Test
        void parse_profiles_isTaken_andOffByDefault() {
            assertThat(parse("{\"accountIds\": [\"" + ACCOUNT_A + "\"], \"profiles\": true}").profiles()).isTrue();
            assertThat(parse("{\"all\": true, \"profiles\": false}").profiles()).isFalse();
            assertThat(parse("{\"all\": true}").profiles()).isFalse();
        }

        @Test
        void parse_exactlyMaxAccountIds_isTaken() {
            CheckRequest request = CheckRequestParser.parse(
                    request("accountIds", accountIds(CheckRequestParser.MAX_ACCOUNT_IDS)));

            assertThat(((AccountList) request.selection()).accountIds()).hasSize(CheckRequestParser.MAX_ACCOUNT_IDS);
        }

        @Test
        void parse_everyOptionalFieldAtOnce_isTaken() {
            CheckRequest request = parse("""
                    {"organizationalUnitId": "%s", "recursive": true, "dryRun": true, "notify": "none",
                     "profiles": true}
                    """.formatted(OU_ID));

            assertThat(request).isEqualTo(new CheckRequest(new OrganizationalUnit(OU_ID, true),
                    Optional.of(true), NotifyMode.NONE, true));
        }
    }

    @Nested
    class Refusals {

        @ParameterizedTest
        @ValueSource(strings = {"[]", "[{\"all\": true}]", "\"all\"", "42", "null", "true"})
        void parse_notAJsonObject_isRefusedWithoutAField(String request) {
            InvalidRequestException refusal = refusal(request);

            assertThat(refusal.field()).isEmpty();
            assertThat(refusal).hasMessageContaining("must be a JSON object");
        }

        @Test
        void parse_emptyObject_isRefusedAsMissingSelection() {
            InvalidRequestException refusal = refusal("{}");

            assertThat(refusal.field()).isEqualTo("accountIds");
            assertThat(refusal).hasMessageContaining("missing");
        }

        @ParameterizedTest
        @ValueSource(strings = {"accountId", "dryrun", "AccountIds", "ou", "organizationalUnitIds"})
        void parse_unknownField_isRefusedNamingIt(String field) {
            InvalidRequestException refusal =
                    refusal("{\"accountIds\": [\"" + ACCOUNT_A + "\"], \"" + field + "\": true}");

            assertThat(refusal.field()).isEqualTo(field);
            assertThat(refusal).hasMessageStartingWith(field + ": unknown field");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "{\"accountIds\": [\"111122223333\"], \"all\": true}|all",
                "{\"all\": true, \"organizationalUnitId\": \"ou-ab12-cdef3456\"}|organizationalUnitId",
                "{\"accountIds\": [\"111122223333\"], \"organizationalUnitId\": \"r-ab12\"}|organizationalUnitId",
                "{\"accountIds\": [], \"all\": false, \"organizationalUnitId\": \"r-ab12\"}|all"})
        void parse_twoSelections_isRefusedNamingTheSecond(String request, String field) {
            InvalidRequestException refusal = refusal(request);

            assertThat(refusal.field()).isEqualTo(field);
            assertThat(refusal).hasMessageContaining("exactly one selection");
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"all\": true, \"recursive\": true}",
                "{\"accountIds\": [\"111122223333\"], \"recursive\": false}"})
        void parse_recursiveWithoutOu_isRefused(String request) {
            assertThat(refusal(request).field()).isEqualTo("recursive");
        }

        @ParameterizedTest
        @ValueSource(strings = {"false", "\"true\"", "1", "null", "{}"})
        void parse_allOtherThanTrue_isRefused(String value) {
            assertThat(refusal("{\"all\": " + value + "}").field()).isEqualTo("all");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"ou-ab12\"", "\"OU-AB12-CDEF3456\"", "\"ou-ab1-cdef3456\"", "\"ou-ab12-cdef345\"",
                "\"r-\"", "\"r-abc\"", "\"R-AB12\"", "\"o-exampleorgid\"", "\"111122223333\"", "\" r-ab12\"", "12",
                "null", "[\"r-ab12\"]"})
        void parse_badOuOrRootId_isRefused(String id) {
            InvalidRequestException refusal = refusal("{\"organizationalUnitId\": " + id + "}");

            assertThat(refusal.field()).isEqualTo("organizationalUnitId");
            assertThat(refusal).hasMessageContaining("ou-xxxx-xxxxxxxx");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"111122223333\"", "{}", "null", "111122223333", "true"})
        void parse_accountIdsNotAnArray_isRefused(String value) {
            InvalidRequestException refusal = refusal("{\"accountIds\": " + value + "}");

            assertThat(refusal.field()).isEqualTo("accountIds");
            assertThat(refusal).hasMessageContaining("must be an array");
        }

        @Test
        void parse_emptyAccountIds_isRefused() {
            InvalidRequestException refusal = refusal("{\"accountIds\": []}");

            assertThat(refusal.field()).isEqualTo("accountIds");
            assertThat(refusal).hasMessageContaining("at least one");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"11112222333\"", "\"1111222233334\"", "\" 111122223333\"", "\"111122223333 \"",
                "\"1111 2222 3333\"", "\"1111-2222-3333\"", "\"11112222333a\"", "\"\"", "null", "true",
                "[\"111122223333\"]", "{\"id\": \"111122223333\"}"})
        void parse_accountIdNotA12DigitString_isRefusedNamingItsIndex(String id) {
            InvalidRequestException refusal = refusal("{\"accountIds\": [\"" + ACCOUNT_B + "\", " + id + "]}");

            assertThat(refusal.field()).isEqualTo("accountIds[1]");
            assertThat(refusal).hasMessageContaining("exactly 12 digits");
        }

        @Test
        void parse_accountIdAsNumberThatLostItsLeadingZero_suggestsTheZeroPaddedString() {
            InvalidRequestException refusal = refusal("{\"accountIds\": [\"" + ACCOUNT_A + "\", 12345678901]}");

            assertThat(refusal.field()).isEqualTo("accountIds[1]");
            assertThat(refusal).hasMessageContaining("\"012345678901\"");
        }

        @Test
        void parse_duplicateAccountId_isRefusedNamingTheRepeat() {
            InvalidRequestException refusal =
                    refusal("{\"accountIds\": [\"" + ACCOUNT_A + "\", \"" + ACCOUNT_B + "\", \"" + ACCOUNT_A + "\"]}");

            assertThat(refusal.field()).isEqualTo("accountIds[2]");
            assertThat(refusal).hasMessageContaining("repeats account " + ACCOUNT_A);
        }

        @Test
        void parse_moreThanMaxAccountIds_isRefusedPointingToAllOrOu() {
            InvalidRequestException refusal =
                    refusal(request("accountIds", accountIds(CheckRequestParser.MAX_ACCOUNT_IDS + 1)));

            assertThat(refusal.field()).isEqualTo("accountIds");
            assertThat(refusal).hasMessageContaining(String.valueOf(CheckRequestParser.MAX_ACCOUNT_IDS))
                    .hasMessageContaining("organizationalUnitId");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"true\"", "1", "\"yes\"", "[]"})
        void parse_dryRunNotABoolean_isRefused(String value) {
            assertThat(refusal("{\"all\": true, \"dryRun\": " + value + "}").field()).isEqualTo("dryRun");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"true\"", "1", "\"aws-config\"", "[]"})
        void parse_profilesNotABoolean_isRefused(String value) {
            assertThat(refusal("{\"all\": true, \"profiles\": " + value + "}").field()).isEqualTo("profiles");
        }

        @Test
        void parse_profilesWithReconcile_isRefused() {
            assertThat(refusal("{\"reconcile\": \"start\", \"profiles\": true}")).hasMessageStartingWith(
                    "profiles: does not apply to reconcile");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"recursive\"", "1", "\"true\""})
        void parse_recursiveNotABoolean_isRefused(String value) {
            assertThat(refusal("{\"organizationalUnitId\": \"" + OU_ID + "\", \"recursive\": " + value + "}").field())
                    .isEqualTo("recursive");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"all\"", "\"\"", "\"each \"", "\"digests\"", "true", "1", "[\"each\"]"})
        void parse_badNotify_isRefused(String value) {
            InvalidRequestException refusal = refusal("{\"all\": true, \"notify\": " + value + "}");

            assertThat(refusal.field()).isEqualTo("notify");
            assertThat(refusal).hasMessageContaining("\"digest\", \"each\" or \"none\"");
        }

        /** Earlier versions continued a run with a cursor; runs keep their own progress now, and the refusal says so. */
        @ParameterizedTest
        @ValueSource(strings = {"\"eyJ2IjoxLCJzZWxlY3Rpb24iOiJhbGwiLCJhZnRlciI6IjMzMzMzMzMzMzMzMyJ9\"", "\"\"", "42",
                "{}"})
        void parse_anyCursor_isRefused_namingHowRunsContinueNow(String value) {
            InvalidRequestException refusal = refusal("{\"all\": true, \"cursor\": " + value + "}");

            assertThat(refusal.field()).isEqualTo("cursor");
            assertThat(refusal).hasMessageContaining("no longer used")
                    .hasMessageContaining("{\"reconcile\": \"continue\"}");
        }
    }

    @Nested
    class EchoedValues {

        private static final String CONTROL = "\u001b[2J\u0007\r\n\u0000\u007f";

        @Test
        void parse_accountIdWithControlCharacters_echoesItWithout() {
            InvalidRequestException refusal = refusal(request("accountIds", List.of("1111" + CONTROL + "2222")));

            assertThat(refusal.field()).isEqualTo("accountIds[0]");
            assertThat(refusal.getMessage()).contains("1111").doesNotContainPattern("\\p{Cntrl}");
        }

        @Test
        void parse_notifyWithControlCharacters_echoesItWithout() {
            var request = request("all", true);
            request.put("notify", "each" + CONTROL);

            assertThat(refusal(request).getMessage()).contains("each").doesNotContainPattern("\\p{Cntrl}");
        }

        @Test
        void parse_longBadAccountId_isEchoedShortened() {
            InvalidRequestException refusal = refusal(request("accountIds", List.of("9".repeat(10_000))));

            assertThat(refusal.getMessage()).hasSizeLessThan(200).contains("...");
        }

        @Test
        void parse_controlCharactersInJsonEscapes_neverReachTheMessage() {
            Object request = Json.parse("{\"accountIds\": [\"1111\\u001b[31m2222\"], \"notify\": \"x\"}");

            assertThat(refusal(request).getMessage()).doesNotContainPattern("\\p{Cntrl}");
        }

        @Test
        void parse_unknownFieldWithControlCharacters_echoesItWithout() {
            var request = request("all", true);
            request.put("x" + CONTROL, true);

            assertThat(refusal(request).getMessage()).doesNotContainPattern("\\p{Cntrl}");
        }

        @Test
        void parse_allStringWithControlCharacters_echoesItWithout() {
            assertThat(refusal(request("all", "true" + CONTROL)).getMessage()).doesNotContainPattern("\\p{Cntrl}");
        }

        @Test
        void parse_accountIdWithC1ControlCharacters_echoesItWithout() {
            InvalidRequestException refusal = refusal(request("accountIds", List.of("1111\u009b31m\u00852222")));

            assertThat(refusal.getMessage()).doesNotContainPattern("[\\u0080-\\u009f]");
        }

        @Test
        void parse_accountIdAsNumberOfThirteenDigits_suggestsNoInvalidId() {
            InvalidRequestException refusal = refusal("{\"accountIds\": [1234567890123]}");

            assertThat(refusal.getMessage()).doesNotContain("\"1234567890123\"");
        }
    }
}
