package io.orgaccessguard.localinvoke.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;

/**
 * Finds the Lambda Java runtime interface client (RIC) and the jars it needs, on this tool's own class path, for the
 * function JVM's {@code -classpath}: the RIC itself, {@code aws-lambda-java-core}, {@code aws-lambda-java-serialization},
 * and the AWS SDK's {@code utils-lite} and {@code annotations} — what Lambda's java21 runtime provides outside the
 * function's own jars. Nothing here loads RIC classes into this JVM (their static initialisers change JVM-wide
 * security properties); jars are located through class-file resources.
 */
public final class RuntimeClasspath {

    /** The RIC's main class, run as {@code java ... AWSLambda <handler>}. */
    public static final String MAIN_CLASS = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    /** The system property telling the RIC which JNI library to load instead of unpacking one to {@code /tmp}. */
    public static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    private static final List<String> MARKERS = List.of(
            "com/amazonaws/services/lambda/runtime/api/client/AWSLambda.class",
            "com/amazonaws/services/lambda/runtime/LambdaRuntime.class",
            "com/amazonaws/services/lambda/runtime/serialization/util/ReflectUtil.class",
            "software/amazon/awssdk/utilslite/SdkInternalThreadLocal.class",
            "software/amazon/awssdk/annotations/SdkProtectedApi.class");

    private RuntimeClasspath() {
    }

    /**
     * The jars (or class folders) of the RIC and its dependencies, RIC first.
     *
     * @throws IllegalStateException if one is not on this tool's class path
     */
    public static List<Path> jars() {
        ClassLoader loader = RuntimeClasspath.class.getClassLoader();
        Set<Path> out = new LinkedHashSet<>();
        for (String marker : MARKERS) {
            URL url = loader.getResource(marker);
            if (url == null) {
                throw new IllegalStateException("the Lambda runtime interface client is not on local-invoke's class "
                        + "path (missing " + marker + ")");
            }
            out.add(containerOf(url, marker));
        }
        return new ArrayList<>(out);
    }

    /** The RIC jar alone. */
    public static Path ricJar() {
        return jars().get(0);
    }

    /**
     * Unpacks the RIC's JNI library for this machine ({@code jni/libaws-lambda-jni.linux-x86_64.so} and so on) into
     * {@code directory} once, and returns its path. The RIC otherwise unpacks it to a fixed
     * {@code /tmp/.libaws-lambda-jni.so} in every JVM, which races when several functions start at once.
     */
    public static Path nativeLibrary(Path directory) {
        String name = "libaws-lambda-jni." + platform() + ".so";
        Path ric = ricJar();
        try {
            Files.createDirectories(directory);
            String version = ric.getFileName().toString().replace(".jar", "");
            Path target = directory.resolve(version + "-" + name);
            if (Files.isRegularFile(target) && Files.size(target) > 0) {
                return target;
            }
            try (JarFile jar = new JarFile(ric.toFile())) {
                var entry = jar.getEntry("jni/" + name);
                if (entry == null) {
                    throw new IllegalStateException(ric + " has no jni/" + name + " for this platform");
                }
                Path tmp = Files.createTempFile(directory, name, ".tmp");
                try (InputStream in = jar.getInputStream(entry)) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the RIC's JNI library: " + e.getMessage(), e);
        }
    }

    /** {@code linux-x86_64}, {@code linux-aarch_64}, or their {@code linux_musl-} variants, as the RIC names them. */
    static String platform() {
        String arch = System.getProperty("os.arch");
        String cpu = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch_64";
            default -> throw new IllegalStateException("the Lambda runtime interface client has no JNI library for "
                    + arch);
        };
        if (!System.getProperty("os.name").toLowerCase().contains("linux")) {
            throw new IllegalStateException("the Lambda runtime interface client runs on Linux only");
        }
        boolean musl = Files.exists(Path.of("/lib/ld-musl-" + (cpu.equals("x86_64") ? "x86_64" : "aarch64") + ".so.1"));
        return (musl ? "linux_musl-" : "linux-") + cpu;
    }

    private static Path containerOf(URL url, String marker) {
        try {
            if (url.getProtocol().equals("jar")) {
                JarURLConnection connection = (JarURLConnection) url.openConnection();
                return Path.of(connection.getJarFileURL().toURI());
            }
            if (url.getProtocol().equals("file")) {
                Path file = Path.of(url.toURI());
                Path root = file;
                for (int i = 0; i < marker.split("/").length; i++) {
                    root = root.getParent();
                }
                return root;
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot locate " + url, e);
        }
        throw new IllegalStateException("cannot use " + url + " on a class path");
    }
}
