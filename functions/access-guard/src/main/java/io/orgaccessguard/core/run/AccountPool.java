package io.orgaccessguard.core.run;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Works through targets a bounded number at a time, in order, starting an account only while the deadline allows.
 * Should one fail beyond its result (a message that cannot be sent), no further account is started, and the failure
 * is thrown only once every account already started has finished: no work goes on after the invocation has ended,
 * where it would race the retry.
 */
final class AccountPool {

    private final int maxConcurrency;

    AccountPool(int maxConcurrency) {
        this.maxConcurrency = maxConcurrency;
    }

    /** @param notStarted the targets no worker started, in order */
    record Batch<R>(List<R> done, List<Target> notStarted) {
    }

    <R> Batch<R> run(List<Target> targets, Function<Target, R> work, Deadline deadline) {
        List<R> done = run(targets.iterator(), Math.min(maxConcurrency, targets.size()), work, deadline);
        return new Batch<>(done, targets.subList(done.size(), targets.size()));
    }

    /**
     * Works through targets as {@code targets} yields them: its {@code hasNext} may wait for the next one to be
     * found, and returning false ends the work.
     *
     * @return the results of every target started, in the order they were started
     */
    <R> List<R> run(Iterator<Target> targets, Function<Target, R> work, Deadline deadline) {
        return run(targets, maxConcurrency, work, deadline);
    }

    private <R> List<R> run(Iterator<Target> targets, int concurrency, Function<Target, R> work, Deadline deadline) {
        int threads = Math.max(1, concurrency);
        ExecutorService pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon()
                .name("check-", 0).factory());
        var slots = new Semaphore(threads);
        var futures = new ArrayList<Future<R>>();
        var firstFailure = new AtomicReference<RuntimeException>();
        try {
            while (true) {
                slots.acquireUninterruptibly();
                if (firstFailure.get() != null || !deadline.allowsAnotherAccount() || !targets.hasNext()) {
                    slots.release();
                    break;
                }
                Target target = targets.next();
                futures.add(pool.submit(() -> {
                    try {
                        return work.apply(target);
                    } catch (RuntimeException e) {
                        firstFailure.compareAndSet(null, e);
                        throw e;
                    } finally {
                        slots.release();
                    }
                }));
            }
            var done = new ArrayList<R>();
            RuntimeException failure = null;
            for (Future<R> future : futures) {
                try {
                    done.add(join(future));
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else if (failure != e) {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
            return done;
        } finally {
            pool.shutdown();
        }
    }

    private static <R> R join(Future<R> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking accounts", e);
        }
    }
}
