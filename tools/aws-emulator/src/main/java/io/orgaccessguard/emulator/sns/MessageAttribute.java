package io.orgaccessguard.emulator.sns;

/** One SNS message attribute as sent: the value is the StringValue, or the BinaryValue (base64) for Binary types. */
record MessageAttribute(String name, String dataType, String value) {

    /** What the attribute counts against the 256 KiB message size: name, type and value bytes. */
    int size() {
        return utf8(name) + utf8(dataType) + utf8(value);
    }

    private static int utf8(String s) {
        return s == null ? 0 : s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
