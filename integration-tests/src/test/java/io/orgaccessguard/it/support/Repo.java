package io.orgaccessguard.it.support;

import io.orgaccessguard.testsupport.EventFiles;
import java.nio.file.Path;

/** The repository the tests read as users do: its template.yaml here, its events/ through {@link EventFiles}. */
public final class Repo {

    private Repo() {
    }

    /** The folder of template.yaml and events/ (the {@code repo.root} system property, or above the working one). */
    public static Path root() {
        return EventFiles.folder().getParent();
    }
}
