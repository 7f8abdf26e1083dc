package io.orgaccessguard.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A command of the machine run as a person runs it in a clean shell: in this environment only, with none of the
 * machine's {@code AWS_*} variables, optional standard input, both outputs read, and at most a minute.
 */
public final class Command {

    private Command() {
    }

    /** What the command left: its exit code and both outputs; {@code -1} and the error when it could not start. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    public static Result run(List<String> command, Map<String, String> env, Optional<String> stdin) {
        try {
            var builder = new ProcessBuilder(command);
            builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
            builder.environment().putAll(env);
            Process process = builder.start();
            try (var in = process.getOutputStream()) {
                if (stdin.isPresent()) {
                    in.write(stdin.get().getBytes(StandardCharsets.UTF_8));
                }
            }
            // stderr on a thread of its own, so that neither pipe fills while the other is read
            var stderr = new CompletableFuture<String>();
            Thread.ofVirtual().start(() -> {
                try {
                    stderr.complete(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    stderr.completeExceptionally(e);
                }
            });
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", command));
            }
            return new Result(process.exitValue(), stdout, stderr.join());
        } catch (IOException e) {
            return new Result(-1, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
