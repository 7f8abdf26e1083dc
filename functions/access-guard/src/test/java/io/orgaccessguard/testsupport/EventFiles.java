package io.orgaccessguard.testsupport;

import io.orgaccessguard.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The repository's {@code events/} files, which tests read rather than copy: a broken example breaks a test. A test
 * that needs an event a little different from an example bends the example with {@link #edit(String)}, one field at a
 * time, rather than writing its own.
 */
public final class EventFiles {

    private EventFiles() {
    }

    /**
     * The {@code events/} folder beside {@code template.yaml}, found upwards from the {@code repo.root} system property
     * when set (integration-tests sets it), else from the working directory.
     */
    public static Path folder() {
        String configured = System.getProperty("repo.root");
        Path start = (configured != null ? Path.of(configured) : Path.of("")).toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path events = dir.resolve("events");
            if (Files.isDirectory(events) && Files.exists(dir.resolve("template.yaml"))) {
                return events;
            }
        }
        throw new IllegalStateException("no events/ folder beside a template.yaml above " + start);
    }

    /** The text of {@code events/<name>}, exactly as a person passes it to {@code sam local invoke -e}. */
    public static String read(String name) {
        try {
            return Files.readString(folder().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file name in {@code events/}, sorted. */
    public static List<String> names() {
        try (Stream<Path> files = Files.list(folder())) {
            return files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".json")).sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code events/<name>} as a JSON tree to change, then {@link Edit#json() write} back. */
    public static Edit edit(String name) {
        return new Edit(name, Json.parse(read(name)));
    }

    /** {@code events/account-joined.json} naming {@code accountId} where it names the account that joined. */
    public static String accountJoined(String accountId) {
        return editAccountJoined(accountId).json();
    }

    /** {@link #accountJoined(String)}, to bend further. */
    public static Edit editAccountJoined(String accountId) {
        return edit("account-joined.json").set("detail.serviceEventDetails.accountId", accountId);
    }

    /**
     * An example event being changed. A path names object members from the top, separated by dots
     * ({@code detail.responseElements.handshake.state}). What is set or removed must be in the example, and what is
     * added must not, so an example that changes shape fails the test instead of leaving the event as it was.
     */
    public static final class Edit {

        private final String name;
        private final Object tree;

        private Edit(String name, Object tree) {
            this.name = name;
            this.tree = tree;
        }

        /** Changes the member at {@code path} to a JSON tree value (String, Number, Boolean, null, Map, List). */
        public Edit set(String path, Object value) {
            member(path, true).put(last(path), value);
            return this;
        }

        /** Changes the member at {@code path} to the value of this JSON text, as any sender could put it there. */
        public Edit setJson(String path, String jsonValue) {
            return set(path, Json.parse(jsonValue));
        }

        /** Adds a member the example does not have. */
        public Edit add(String path, Object value) {
            member(path, false).put(last(path), value);
            return this;
        }

        /** Removes the member at {@code path}. */
        public Edit remove(String path) {
            member(path, true).remove(last(path));
            return this;
        }

        /** The event as one line of JSON. */
        public String json() {
            return Json.write(tree);
        }

        /** The object holding the member at {@code path}, which must be there or must not. */
        @SuppressWarnings("unchecked")
        private Map<String, Object> member(String path, boolean present) {
            String[] names = path.split("\\.");
            Object node = tree;
            for (int i = 0; i < names.length - 1; i++) {
                node = node instanceof Map<?, ?> object ? object.get(names[i]) : null;
            }
            if (!(node instanceof Map<?, ?> parent)) {
                throw new IllegalArgumentException("events/" + name + " has no object holding " + path);
            }
            if (parent.containsKey(last(path)) != present) {
                throw new IllegalArgumentException("events/" + name + (present ? " has no " : " already has ") + path);
            }
            return (Map<String, Object>) parent;
        }

        private static String last(String path) {
            return path.substring(path.lastIndexOf('.') + 1);
        }
    }
}
