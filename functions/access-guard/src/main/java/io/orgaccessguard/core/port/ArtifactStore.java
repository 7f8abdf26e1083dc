package io.orgaccessguard.core.port;

/**
 * The stack's bucket: what people and member accounts read from it (the member-account templates that quick-create
 * links point at, the access directory). Failures are {@link OperationFailedException}s naming the operation.
 */
public interface ArtifactStore {

    /** Stores {@code body} under {@code key}, replacing what is there. */
    void put(String key, byte[] body, String contentType);

    /**
     * Stores {@code body} under {@code key}, readable by anyone the bucket policy lets get it, with no key to be granted
     * (the member-account templates), unless exactly these bytes are stored there already that way.
     *
     * @return true when it was written
     */
    boolean ensure(String key, byte[] body, String contentType);
}
