package io.orgaccessguard.emulator.seed;

/**
 * An SNS topic of an account.
 *
 * @param region null for the seed's default region
 * @param policy the topic's access policy JSON, null for SNS's default (only the owner account may publish)
 */
public record TopicSeed(String name, String region, String policy) {

    public static TopicSeed of(String name) {
        return new TopicSeed(name, null, null);
    }
}
