package io.orgaccessguard.it.failures;

import static io.orgaccessguard.it.support.Accounts.WITH_ACCESS_ROLE;
import static io.orgaccessguard.it.support.Accounts.WITH_BOOTSTRAP_ONLY;
import static io.orgaccessguard.it.support.Accounts.WITH_NOTHING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.orgaccessguard.it.support.Accounts;
import io.orgaccessguard.it.support.Guard;
import io.orgaccessguard.core.model.InvalidRequestException;
import io.orgaccessguard.testsupport.EventFiles;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A manual invocation that does not fit the contract is refused whole, before anything is called, with an
 * {@link InvalidRequestException} whose message names the field (or says the request as a whole is wrong). The
 * parsing rules are unit-tested in {@code trigger/CheckRequestParserTest}; here each case goes through the handler and
 * the real clients, and the emulator shows that nothing at all reached AWS.
 */
class BadManualRequestTest {

    private Guard guard;

    @BeforeEach
    void start() {
        guard = Guard.start(Accounts.organization().build());
    }

    @AfterEach
    void stop() {
        guard.close();
    }

    /** The request is refused, names {@code field}, and nothing was called or published. */
    private InvalidRequestException refused(String request, String field) {
        InvalidRequestException refusal = catchThrowableOfType(InvalidRequestException.class,
                () -> guard.manual(request));
        assertThat(refusal).as("refused: %s", abbreviated(request)).isNotNull();
        assertThat(refusal.field()).isEqualTo(field);
        if (!field.isEmpty()) {
            assertThat(refusal).hasMessageStartingWith(field + ": ");
        }
        assertThat(refusal.getMessage()).as("a message a person can read").hasSizeLessThan(400)
                .doesNotContain("\n");
        assertThat(guard.aws().calls()).as("nothing reached AWS").isEmpty();
        assertThat(guard.aws().publishedMessages()).isEmpty();
        return refusal;
    }

    private static String abbreviated(String request) {
        return request.length() > 120 ? request.substring(0, 120) + "..." : request;
    }

    private static String ids(int count) {
        return IntStream.range(0, count).mapToObj(i -> "\"" + (200_000_000_000L + i) + "\"")
                .collect(Collectors.joining(", ", "[", "]"));
    }

    @Test
    void notJson_isRefusedAsNotJson() {
        assertThat(refused("accountIds=222222222222", "")).hasMessageStartingWith("not valid JSON");
    }

    @Test
    void truncatedJson_isRefusedAsNotJson() {
        assertThat(refused("{\"accountIds\": [\"222222222222\"", "")).hasMessageStartingWith("not valid JSON");
    }

    @Test
    void jsonArray_isRefusedAsNotAnObject() {
        assertThat(refused("[\"222222222222\"]", "")).hasMessageContaining("must be a JSON object, not an array");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"222222222222\"", "222222222222", "true", "null"})
    void jsonScalar_isRefusedAsNotAnObject(String scalar) {
        assertThat(refused(scalar, "")).hasMessageContaining("must be a JSON object");
    }

    @Test
    void emptyObject_isRefusedNamingTheMissingSelection() {
        assertThat(refused("{}", "accountIds")).hasMessageContaining("missing");
    }

    @Test
    void eventBridgeEventSentToTheManualFunction_isRefusedNamingTheUnknownField() {
        assertThat(refused(EventFiles.accountJoined(WITH_BOOTSTRAP_ONLY), "version"))
                .hasMessageContaining("unknown field");
    }

    @Test
    void accountIdsNotAnArray_isRefused() {
        assertThat(refused("{\"accountIds\": \"222222222222\"}", "accountIds"))
                .hasMessageContaining("must be an array");
    }

    @Test
    void accountIdOf11Digits_isRefusedNamingItsIndex() {
        assertThat(refused("{\"accountIds\": [\"22222222222\"]}", "accountIds[0]"))
                .hasMessageContaining("exactly 12 digits").hasMessageContaining("'22222222222'");
    }

    @Test
    void accountIdOf13Digits_isRefusedNamingItsIndex() {
        refused("{\"accountIds\": [\"" + WITH_ACCESS_ROLE + "\", \"2222222222222\"]}", "accountIds[1]");
    }

    @ParameterizedTest
    @ValueSource(strings = {" 222222222222", "222222222222 ", "222 222 222 222", "2222-2222-2222"})
    void accountIdWithSpacesOrDashes_isRefused(String id) {
        refused("{\"accountIds\": [\"" + id + "\"]}", "accountIds[0]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"22222222222a", "abcdefghijkl", "２２２２２２２２２２２２"})
    void accountIdWithLettersOrNonAsciiDigits_isRefused(String id) {
        refused("{\"accountIds\": [\"" + id + "\"]}", "accountIds[0]");
    }

    @Test
    void accountIdAsJsonNumberThatLostItsLeadingZeros_isRefusedSuggestingTheString() {
        assertThat(refused("{\"accountIds\": [22222222222]}", "accountIds[0]"))
                .hasMessageContaining("is the number 22222222222").hasMessageContaining("\"022222222222\"?");
    }

    @Test
    void oneBadIdAmongGoodOnes_refusesTheWholeRequest() {
        refused("{\"accountIds\": [\"" + WITH_ACCESS_ROLE + "\", \"" + WITH_BOOTSTRAP_ONLY + "\", \"4444\", \""
                + WITH_NOTHING + "\"]}", "accountIds[2]");
    }

    @Test
    void duplicateIds_areRefusedNamingTheRepeat() {
        assertThat(refused("{\"accountIds\": [\"" + WITH_BOOTSTRAP_ONLY + "\", \"" + WITH_ACCESS_ROLE + "\", \""
                + WITH_BOOTSTRAP_ONLY + "\"]}", "accountIds[2]")).hasMessageContaining("repeats");
    }

    @Test
    void thousandsOfIds_areRefusedPointingToAllOrAnOu() {
        assertThat(refused("{\"accountIds\": " + ids(5_000) + "}", "accountIds"))
                .hasMessageContaining("5000 accounts").hasMessageContaining("{\"all\": true}");
    }

    @Test
    void veryLargeRequestOf900Kilobytes_isRefusedNamingTheFieldWithAShortEcho() {
        String huge = "x".repeat(900 * 1024);

        assertThat(refused("{\"accountIds\": [\"" + WITH_ACCESS_ROLE + "\"], \"notify\": \"" + huge + "\"}",
                "notify")).hasMessageContaining("must be");
    }

    @Test
    void veryLargeRequestWithA900KilobyteFieldName_isRefusedWithAShortMessage() {
        String huge = "y".repeat(900 * 1024);

        // The JSON reader refuses names over 50,000 characters before the contract is even looked at.
        assertThat(refused("{\"" + huge + "\": true}", "")).hasMessageStartingWith("not valid JSON")
                .hasMessageContaining("Name length");
    }

    @Test
    void requestOverTheOneMebibyteCap_isRefusedBeforeParsing() {
        String padding = " ".repeat(1024 * 1024);

        assertThat(refused("{\"accountIds\": [\"" + WITH_ACCESS_ROLE + "\"]" + padding + "}", ""))
                .hasMessageContaining("larger than 1048576 bytes");
    }
}
