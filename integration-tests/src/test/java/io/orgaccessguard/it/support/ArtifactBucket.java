package io.orgaccessguard.it.support;

import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.emulator.seed.BucketSeed;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.localinvoke.template.PseudoParameters;
import io.orgaccessguard.localinvoke.template.SamTemplate;
import io.orgaccessguard.testsupport.Fixtures;
import java.util.Map;

/**
 * The stack's artifact bucket on the emulator, as template.yaml makes it: versioned, SSE-KMS with the stack's key,
 * Block Public Access on, and the template's own bucket policy, resolved for the fixture's account and organization
 * (not a copy that could drift from it).
 */
public final class ArtifactBucket {

    public static final String NAME = Fixtures.ARTIFACT_BUCKET;
    /** What a function with the bucket configured has in its environment. */
    public static final Map<String, String> ENV = Map.of(GuardConfig.ARTIFACT_BUCKET, NAME,
            GuardConfig.ORGANIZATION_ID, Fixtures.ORGANIZATION_ID);

    private ArtifactBucket() {
    }

    /** {@code ArtifactBucketPolicy}'s document, as CloudFormation would put it on the bucket. */
    public static String policy() {
        SamTemplate template = SamTemplate.load(Repo.root().resolve("template.yaml"))
                .withParameterOverrides(Map.of("OrganizationId", Fixtures.ORGANIZATION_ID))
                .withPseudoParameters(PseudoParameters.forRegion(Fixtures.REGION)
                        .withAccountId(Fixtures.MANAGEMENT_ACCOUNT_ID));
        template = template.withResourceValues(Map.of("ArtifactBucket", NAME, "ArtifactBucket.Arn",
                "arn:aws:s3:::" + NAME));
        Object properties = template.resource("ArtifactBucketPolicy").get("Properties");
        return Json.write(template.resolver().resolve(((Map<?, ?>) properties).get("PolicyDocument")));
    }

    public static BucketSeed seed() {
        return BucketSeed.builder(NAME).region(Fixtures.REGION).versioned(true).blockPublicAccess(true)
                .kmsEncryption(Fixtures.ARTIFACT_BUCKET_KEY).bucketKeyEnabled(true).policy(policy()).build();
    }
}
