package io.orgaccessguard.notify;

import io.orgaccessguard.core.port.ArtifactStore;
import io.orgaccessguard.core.port.OperationFailedException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Puts the member-account templates into the artifact bucket, under their resource paths
 * ({@code member-templates/<file>}), before the first alert that links to them: once per container, each written only
 * when it is missing or differs from the jar's (a new version of the function brings new templates).
 */
final class MemberTemplateUpload {

    /** YAML's media type (RFC 9512). */
    static final String CONTENT_TYPE = "application/yaml";

    private final ArtifactStore store;
    private volatile boolean done;

    MemberTemplateUpload(ArtifactStore store) {
        this.store = store;
    }

    /**
     * Makes sure both templates are in the bucket.
     *
     * @return why they are not, when putting them failed (the alert then goes out without links, and the next alert
     *     tries again); empty when they are there
     */
    synchronized Optional<String> ensure() {
        if (done) {
            return Optional.empty();
        }
        try {
            for (MemberTemplate template : MemberTemplate.values()) {
                store.ensure(template.resourcePath(), template.body().getBytes(StandardCharsets.UTF_8), CONTENT_TYPE);
            }
            done = true;
            return Optional.empty();
        } catch (OperationFailedException e) {
            return Optional.of(e.getMessage());
        }
    }
}
