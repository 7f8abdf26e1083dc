package io.orgaccessguard.testsupport;

import io.orgaccessguard.core.model.Reason.Failure;
import io.orgaccessguard.core.port.ArtifactStore;
import io.orgaccessguard.core.port.OperationFailedException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The artifact bucket in memory: what is stored, every call in order, and a put that can be made to fail. */
public final class InMemoryArtifactStore implements ArtifactStore {

    /** One stored object. */
    public record StoredObject(byte[] body, String contentType) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Map<String, StoredObject> objects = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private volatile String failPutsWith;

    /** Every put from now on fails with this error code, until {@link #succeed()}. */
    public void failPuts(String errorCode) {
        failPutsWith = errorCode;
    }

    public void succeed() {
        failPutsWith = null;
    }

    public Map<String, StoredObject> objects() {
        synchronized (objects) {
            return Map.copyOf(objects);
        }
    }

    /** {@code put <key>} and {@code ensure <key>}, in order. */
    public List<String> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    @Override
    public void put(String key, byte[] body, String contentType) {
        calls.add("put " + key);
        if (failPutsWith != null) {
            throw new OperationFailedException(new Failure("s3:PutObject", failPutsWith, "injected by the test"),
                    failPutsWith.startsWith("AccessDenied"), null);
        }
        objects.put(key, new StoredObject(body.clone(), contentType));
    }

    @Override
    public boolean ensure(String key, byte[] body, String contentType) {
        calls.add("ensure " + key);
        StoredObject stored = objects.get(key);
        if (stored != null && Arrays.equals(stored.body(), body)) {
            return false;
        }
        put(key, body, contentType);
        return true;
    }
}
