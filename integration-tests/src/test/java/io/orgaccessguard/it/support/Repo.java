package io.orgaccessguard.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Files of the repository the tests read as users do: events/ and template.yaml. */
public final class Repo {

    private Repo() {
    }

    public static Path root() {
        String configured = System.getProperty("repo.root");
        Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("template.yaml")) && Files.isDirectory(dir.resolve("events"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (template.yaml and events/) above " + start);
    }

    public static Path events() {
        return root().resolve("events");
    }

    /** The text of one example event, exactly as a person passes it to {@code sam local invoke -e}. */
    public static String event(String fileName) {
        try {
            return Files.readString(events().resolve(fileName), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> eventFileNames() {
        try (Stream<Path> files = Files.list(events())) {
            return files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".json")).sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
