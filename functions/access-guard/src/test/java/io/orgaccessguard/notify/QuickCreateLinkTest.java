package io.orgaccessguard.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The quick-create link as the CloudFormation console reads it
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cfn-console-create-stacks-quick-create-links.html):
 * the console page of the Region, the {@code #/stacks/create/review} route, and in its query {@code templateURL} (an
 * https S3 URL in the same Region), {@code stackName} and one {@code param_<Name>} per template parameter. Each test
 * takes the link apart the way a browser and the console do, and checks every part.
 */
class QuickCreateLinkTest {

    static final String BUCKET = "org-access-guard-templates-111122223333";
    static final String KEY = "member-templates/v3/access-role.yaml";

    record Parsed(URI page, String route, Map<String, String> query) {
    }

    @Test
    void commercial_linkOpensTheRegionsConsole_withEveryPartFilledIn() {
        Map<String, String> parameters = MemberTemplate.accessRoleParameters("111122223333",
                "OrganizationAccountAccessRole", List.of("arn:aws:iam::aws:policy/AdministratorAccess"),
                List.of("arn:aws:iam::111122223333:root"));

        Parsed link = parse(QuickCreateLink.of("aws", "eu-central-1", BUCKET, KEY,
                MemberTemplate.ACCESS_ROLE.stackName(), parameters));

        assertThat(link.page()).isEqualTo(URI.create(
                "https://eu-central-1.console.aws.amazon.com/cloudformation/home?region=eu-central-1"));
        assertThat(link.route()).isEqualTo("/stacks/create/review");
        assertThat(link.query()).containsExactly(
                Map.entry("templateURL", "https://" + BUCKET + ".s3.eu-central-1.amazonaws.com/" + KEY),
                Map.entry("stackName", "org-access-guard-access-role"),
                Map.entry("param_ManagementAccountId", "111122223333"),
                Map.entry("param_AccessRoleName", "OrganizationAccountAccessRole"),
                Map.entry("param_PolicyArns", "arn:aws:iam::aws:policy/AdministratorAccess"),
                Map.entry("param_TrustedPrincipalArns", "arn:aws:iam::111122223333:root"));
    }

    @Test
    void govCloud_usesItsConsoleAndS3Endpoints() {
        Parsed link = parse(QuickCreateLink.of("aws-us-gov", "us-gov-west-1", BUCKET, KEY, "s", Map.of()));

        assertThat(link.page()).isEqualTo(URI.create(
                "https://console.amazonaws-us-gov.com/cloudformation/home?region=us-gov-west-1"));
        assertThat(link.query()).containsEntry("templateURL",
                "https://" + BUCKET + ".s3.us-gov-west-1.amazonaws.com/" + KEY);
    }

    @Test
    void china_usesItsConsoleAndTheCnDnsSuffix() {
        Parsed link = parse(QuickCreateLink.of("aws-cn", "cn-north-1", BUCKET, KEY, "s", Map.of()));

        assertThat(link.page()).isEqualTo(URI.create(
                "https://console.amazonaws.cn/cloudformation/home?region=cn-north-1"));
        assertThat(link.query()).containsEntry("templateURL",
                "https://" + BUCKET + ".s3.cn-north-1.amazonaws.com.cn/" + KEY);
    }

    @Test
    void valuesWithCommasSpacesAndAmpersands_surviveTheRoundTrip() {
        var parameters = new LinkedHashMap<String, String>();
        parameters.put("PolicyArns", "arn:aws:iam::111122223333:policy/a&b=c,arn:aws:iam::aws:policy/Read Only#x");
        parameters.put("AccessRoleName", "Org+Admin=1,x@y");

        Parsed link = parse(QuickCreateLink.of("aws", "us-east-1", BUCKET, "keys with space/ä+&.yaml", "s",
                parameters));

        assertThat(link.query()).containsExactly(
                Map.entry("templateURL",
                        "https://" + BUCKET + ".s3.us-east-1.amazonaws.com/keys%20with%20space/%C3%A4%2B%26.yaml"),
                Map.entry("stackName", "s"),
                Map.entry("param_PolicyArns",
                        "arn:aws:iam::111122223333:policy/a&b=c,arn:aws:iam::aws:policy/Read Only#x"),
                Map.entry("param_AccessRoleName", "Org+Admin=1,x@y"));
        URI template = URI.create(link.query().get("templateURL"));
        assertThat(template.getPath()).isEqualTo("/keys with space/ä+&.yaml");
    }

    @Test
    void dottedBucket_getsThePathStyle_whichTlsCanServe() {
        Parsed link = parse(QuickCreateLink.of("aws", "us-east-1", "templates.example.com", "a.yaml", "s", Map.of()));

        assertThat(link.query()).containsEntry("templateURL",
                "https://s3.us-east-1.amazonaws.com/templates.example.com/a.yaml");
    }

    @Test
    void refusesWhatTheConsoleWouldNotTake() {
        assertThatThrownBy(() -> QuickCreateLink.of("aws", "us-east-1", BUCKET, KEY, "1stack", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stack name");
        assertThatThrownBy(() -> QuickCreateLink.of("aws", "us-east-1", BUCKET, KEY, "a_b", Map.of()))
                .hasMessageContaining("stack name");
        assertThatThrownBy(() -> QuickCreateLink.of("aws", "us-east-1", BUCKET, KEY, "a".repeat(129), Map.of()))
                .hasMessageContaining("stack name");
        assertThatThrownBy(() -> QuickCreateLink.of("aws", "us-east-1", BUCKET, KEY, "s", Map.of("a&b", "x")))
                .hasMessageContaining("parameter name");
        assertThatThrownBy(() -> QuickCreateLink.of("aws", "us-east-1#x", BUCKET, KEY, "s", Map.of()))
                .hasMessageContaining("Region");
        assertThatThrownBy(() -> QuickCreateLink.of("aws", "us-east-1", "Bad_Bucket", KEY, "s", Map.of()))
                .hasMessageContaining("bucket");
        assertThatThrownBy(() -> QuickCreateLink.of("aws-iso", "us-iso-east-1", BUCKET, KEY, "s", Map.of()))
                .hasMessageContaining("partition");
        assertThatThrownBy(() -> QuickCreateLink.templateUrl("aws", "us-east-1", BUCKET, "k".repeat(1000)))
                .hasMessageContaining("1024");
    }

    /** Splits the link as a browser does (the route and its query live in the fragment) and decodes each value. */
    private static Parsed parse(String link) {
        URI uri = URI.create(link);
        assertThat(uri.getScheme()).isEqualTo("https");
        String fragment = uri.getRawFragment();
        int question = fragment.indexOf('?');
        var query = new LinkedHashMap<String, String>();
        for (String pair : fragment.substring(question + 1).split("&")) {
            int equals = pair.indexOf('=');
            String previous = query.put(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1)));
            assertThat(previous).as("parameter %s given twice", pair).isNull();
        }
        URI page = URI.create(link.substring(0, link.indexOf('#')));
        return new Parsed(page, fragment.substring(0, question), query);
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
