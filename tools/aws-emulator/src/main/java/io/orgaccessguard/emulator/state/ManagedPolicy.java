package io.orgaccessguard.emulator.state;

import io.orgaccessguard.emulator.policy.PolicyDocument;
import java.time.Instant;

/** A managed policy: AWS managed ({@code arn:<p>:iam::aws:policy/...}) or customer managed in one account. */
public record ManagedPolicy(String arn, String name, String path, String policyId, PolicyDocument document,
                            String description, Instant createdAt, boolean awsManaged) {
}
