package io.orgaccessguard.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The heap the function uses during one run: the peak of every heap pool (reset after a full GC before the run), and
 * the largest heap left after any collection during the run (an upper bound of the live set).
 */
final class HeapWatch {

    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
    private final Set<String> heapPoolNames = heapPools.stream().map(MemoryPoolMXBean::getName)
            .collect(Collectors.toSet());
    private final AtomicLong maxAfterGc = new AtomicLong();
    private long baseline;
    private long gcCountBefore;
    private long gcMillisBefore;

    HeapWatch() {
        NotificationListener listener = (notification, handback) -> {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                return;
            }
            var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                    .filter(e -> heapPoolNames.contains(e.getKey())).mapToLong(e -> e.getValue().getUsed()).sum();
            maxAfterGc.accumulateAndGet(used, Math::max);
        };
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener(listener, null, null);
        }
    }

    /** A full GC, then peaks reset: what follows is the run's. */
    void begin() {
        System.gc();
        System.gc();
        baseline = heapPools.stream().mapToLong(pool -> pool.getUsage().getUsed()).sum();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        maxAfterGc.set(baseline);
        gcCountBefore = gcCount();
        gcMillisBefore = gcMillis();
    }

    Stats end() {
        long peak = heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        return new Stats(baseline, peak, maxAfterGc.get(), gcCount() - gcCountBefore, gcMillis() - gcMillisBefore,
                Runtime.getRuntime().maxMemory());
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }

    /**
     * @param baseline heap in use after the full GC before the run (the benchmark's own, and the warm container's)
     * @param peak the sum of every heap pool's peak during the run (garbage included; an upper bound)
     * @param maxAfterGc the most heap any collection during the run left behind (live data, roughly)
     */
    record Stats(long baseline, long peak, long maxAfterGc, long gcCount, long gcMillis, long maxHeap) {
    }
}
