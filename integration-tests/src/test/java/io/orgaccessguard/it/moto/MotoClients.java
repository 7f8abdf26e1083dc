package io.orgaccessguard.it.moto;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * SDK clients that act in one account of moto, as a person signed in to that account would: moto's
 * {@code x-moto-account-id} header picks the account (the function sends no such header; its credentials decide).
 */
record MotoClients(URI endpoint, String accountId) {

    /** moto accepts any key; the header, not the key, names the account. */
    private static final AwsCredentials ANY_KEY = AwsBasicCredentials.create("AKIAMOTOSEEDEXAMPLE", "seed");
    static final String ACCOUNT_HEADER = "x-moto-account-id";

    IamClient iam() {
        return configure(IamClient.builder(), Region.AWS_GLOBAL).build();
    }

    StsClient sts() {
        return configure(StsClient.builder(), Region.US_EAST_1).build();
    }

    OrganizationsClient organizations() {
        return configure(OrganizationsClient.builder(), Region.US_EAST_1).build();
    }

    SnsClient sns() {
        return configure(SnsClient.builder(), Region.US_EAST_1).build();
    }

    DynamoDbClient dynamoDb() {
        return configure(DynamoDbClient.builder(), Region.US_EAST_1).build();
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, Region region) {
        return builder.endpointOverride(endpoint).region(region)
                .credentialsProvider(StaticCredentialsProvider.create(ANY_KEY))
                .overrideConfiguration(o -> o.putHeader(ACCOUNT_HEADER, accountId));
    }
}
