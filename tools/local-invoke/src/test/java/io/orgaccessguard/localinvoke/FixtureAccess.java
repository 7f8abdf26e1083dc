package io.orgaccessguard.localinvoke;

import java.nio.file.Path;

/** Gives tests in other packages the fixture (built once per test JVM). */
public final class FixtureAccess {

    private FixtureAccess() {
    }

    /** The build folder holding one layout per fixture function. */
    public static Path buildDir() {
        return Fixture.build();
    }
}
