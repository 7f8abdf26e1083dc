package io.orgaccessguard.emulator.seed;

/** A customer managed policy of an account ({@code arn:<p>:iam::<acct>:policy<path><name>}). */
public record PolicySeed(String name, String path, String document, String description) {

    public static PolicySeed of(String name, String document) {
        return new PolicySeed(name, "/", document, null);
    }
}
