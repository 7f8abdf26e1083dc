package io.orgaccessguard.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The repository's {@code events/} files, which tests read rather than copy: a broken example breaks a test. */
public final class EventFiles {

    private EventFiles() {
    }

    /** The {@code events/} folder, found from the module's working directory upwards. */
    public static Path folder() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path events = dir.resolve("events");
            if (Files.isDirectory(events) && Files.exists(dir.resolve("template.yaml"))) {
                return events;
            }
        }
        throw new IllegalStateException("no events/ folder beside a template.yaml above " + Path.of("").toAbsolutePath());
    }

    /** The text of {@code events/<name>}. */
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
}
