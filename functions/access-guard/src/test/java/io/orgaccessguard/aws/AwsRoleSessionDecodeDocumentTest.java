package io.orgaccessguard.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AwsRoleSessionDecodeDocumentTest {

    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:root\"},\"Action\":\"sts:AssumeRole\"}]}";
    /** {@link #TRUST} as IAM returns it: URL-encoded per RFC 3986. */
    private static final String TRUST_ENCODED = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B"
            + "%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22AWS%22%3A%22arn%3Aaws%3Aiam%3A%3A111111111111"
            + "%3Aroot%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D";

    @Test
    void decodeDocument_urlEncoded_isDecoded() {
        assertThat(AwsRoleSession.decodeDocument(TRUST_ENCODED)).isEqualTo(TRUST);
    }

    @Test
    void decodeDocument_percent20_isASpace() {
        assertThat(AwsRoleSession.decodeDocument("%7B%0A%20%20%22Sid%22%3A%20%22Org%20Access%22%7D"))
                .isEqualTo("{\n  \"Sid\": \"Org Access\"}");
    }

    @Test
    void decodeDocument_percent2B_isAPlus() {
        assertThat(AwsRoleSession.decodeDocument("%7B%22Sid%22%3A%22a%2Bb%22%7D")).isEqualTo("{\"Sid\":\"a+b\"}");
    }

    @Test
    void decodeDocument_literalPlusInEncodedDocument_staysAPlusNotASpace() {
        assertThat(AwsRoleSession.decodeDocument("%7B%22Sid%22%3A%22a+b%22%7D")).isEqualTo("{\"Sid\":\"a+b\"}");
    }

    @Test
    void decodeDocument_utf8Escapes_areDecodedAsUtf8() {
        assertThat(AwsRoleSession.decodeDocument("%7B%22Sid%22%3A%22%C3%BC%E2%82%AC%22%7D"))
                .isEqualTo("{\"Sid\":\"ü€\"}");
    }

    /** moto (Python's {@code quote}) leaves {@code /} as it is, which RFC 3986 allows: decoded all the same. */
    @Test
    void decodeDocument_slashesLeftUnencoded_isDecoded() {
        assertThat(AwsRoleSession.decodeDocument("%7B%22AWS%22%3A%22arn%3Aaws%3Aiam%3A%3A111111111111%3Arole/path/Admin"
                + "%22%7D")).isEqualTo("{\"AWS\":\"arn:aws:iam::111111111111:role/path/Admin\"}");
    }

    @Test
    void decodeDocument_null_isEmpty() {
        assertThat(AwsRoleSession.decodeDocument(null)).isEmpty();
    }
}
