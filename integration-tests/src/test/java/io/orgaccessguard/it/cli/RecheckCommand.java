package io.orgaccessguard.it.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The command line an operator runs to re-check accounts, as alerts and the README print it: the one copy lives in
 * the classpath resource {@code /recheck-command.txt}, with the placeholders {@code {payload}} (the request JSON,
 * which contains no single quote), {@code {functionName}} and {@code {region}}.
 */
public final class RecheckCommand {

    public static final String RESOURCE = "/recheck-command.txt";

    private RecheckCommand() {
    }

    public static String template() {
        try (InputStream in = RecheckCommand.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
