package io.orgaccessguard.emulator;

import io.orgaccessguard.emulator.seed.OrganizationSeed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator as a process:
 * {@code java -jar aws-emulator-1.0.0-standalone.jar --port 4566 --seed 7 --org org.json}.
 * Prints the endpoint and the management account's credentials, then serves until killed.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmulatorOptions.Builder options = EmulatorOptions.builder().port(4566);
        OrganizationSeed seed = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--port" -> options.port(Integer.parseInt(value(args, ++i, arg)));
                case "--bind" -> options.bindAddress(value(args, ++i, arg));
                case "--seed" -> options.seed(Long.parseLong(value(args, ++i, arg)));
                case "--org" -> seed = OrganizationSeed.fromFile(Path.of(value(args, ++i, arg)));
                case "--latency-ms" -> options.latency(Duration.ofMillis(Long.parseLong(value(args, ++i, arg))));
                case "--propagation-delay-ms" ->
                        options.propagationDelay(Duration.ofMillis(Long.parseLong(value(args, ++i, arg))));
                case "--error-rate" -> options.errorRate(Double.parseDouble(value(args, ++i, arg)));
                case "--unprocessed-rate" -> options.unprocessedRate(Double.parseDouble(value(args, ++i, arg)));
                case "--throttle", "--throttle-per-account" -> {
                    String spec = value(args, ++i, arg);
                    int eq = spec.indexOf('=');
                    if (eq < 0) {
                        fail(arg + " takes <service>=<rps> or <service>:<Action>=<rps>; got " + spec);
                    }
                    String key = spec.substring(0, eq);
                    double rps = Double.parseDouble(spec.substring(eq + 1));
                    int colon = key.indexOf(':');
                    boolean perAccount = "--throttle-per-account".equals(arg);
                    if (colon < 0) {
                        if (perAccount) {
                            options.throttlePerAccount(key, rps);
                        } else {
                            options.throttle(key, rps);
                        }
                    } else if (perAccount) {
                        options.throttlePerAccount(key.substring(0, colon), key.substring(colon + 1), rps);
                    } else {
                        options.throttle(key.substring(0, colon), key.substring(colon + 1), rps);
                    }
                }
                case "--no-call-log" -> options.recordCalls(false);
                case "--max-policies-per-role" -> options.maxManagedPoliciesPerRole(
                        Integer.parseInt(value(args, ++i, arg)));
                case "--short-pages" -> options.shortPages(true);
                case "--no-verify-signatures" -> options.verifySignatures(false);
                case "--help", "-h" -> {
                    usage();
                    return;
                }
                default -> fail("Unknown option " + arg);
            }
        }
        if (seed == null) {
            seed = OrganizationSeed.demo();
        }
        AwsEmulator emulator = AwsEmulator.start(options.build(), seed);
        AwsCredentials management = emulator.credentialsFor(emulator.managementAccountId());
        System.out.println("endpoint=" + emulator.endpoint());
        System.out.println("region=" + emulator.region());
        System.out.println("managementAccountId=" + emulator.managementAccountId());
        System.out.println("accessKeyId=" + management.accessKeyId());
        System.out.println("secretAccessKey=" + management.secretAccessKey());
        System.out.flush();
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            fail(option + " needs a value");
        }
        return args[index];
    }

    private static void fail(String message) {
        System.err.println(message);
        usage();
        System.exit(2);
    }

    private static void usage() {
        System.err.println("""
                Usage: java -jar aws-emulator-standalone.jar [options]
                  --port N                    listen port (default 4566; 0 picks one)
                  --bind ADDRESS              listen address (default 127.0.0.1)
                  --seed N                    deterministic seed for keys, IDs and faults (default 0)
                  --org FILE                  organization seed JSON (default: the bundled demo organization)
                  --latency-ms N              latency added to every call
                  --propagation-delay-ms N    IAM propagation delay before a new/changed role can be assumed
                  --error-rate P              probability (0..1) of a random 500/503 per call
                  --unprocessed-rate P        probability (0..1) that DynamoDB batches leave each key unprocessed
                  --throttle SVC=RPS          token-bucket limit per service, or SVC:Action=RPS per operation
                  --throttle-per-account SVC=RPS  the same, one bucket per calling account (IAM's kind of limit)
                  --no-call-log               keep only per-operation counts (GET /_emulator/calls/summary)
                  --max-policies-per-role N   IAM PoliciesPerRole quota (default 10)
                  --short-pages               Organizations pages shorter than MaxResults (and sometimes empty)
                  --no-verify-signatures      accept any SigV4 signature from known keys""");
    }
}
