package dev.trainer.train;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures what training steps cost in memory, for {@code trainer time}: the bytes allocated by
 * the live threads of the JVM (the HotSpot per-thread allocation counters, which count every
 * object, including ones the JIT would keep out of a profile) and the heap: its peak use since
 * {@link #start()}, the collections in between, and the live set after a full collection.
 *
 * <p>A training loop that reuses its buffers allocates (close to) nothing per step; a steady
 * allocation rate shows up as bytes per step here.
 */
public final class MemoryMeter {
  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private final List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(p -> p.getType() == MemoryType.HEAP).toList();
  private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
  private Map<Long, Long> atStart = Map.of();
  private long collectionsAtStart;
  private long collectionMsAtStart;

  /** Starts counting allocations and resets the heap pools' peaks. */
  public void start() {
    heap.forEach(MemoryPoolMXBean::resetPeakUsage);
    atStart = allocated();
    collectionsAtStart = collections();
    collectionMsAtStart = collectionMs();
  }

  /** Garbage collections since {@link #start()}. */
  public long collectionsSinceStart() {
    return collections() - collectionsAtStart;
  }

  /** Milliseconds spent in garbage collection since {@link #start()} (as the collectors report it). */
  public long collectionMsSinceStart() {
    return collectionMs() - collectionMsAtStart;
  }

  private long collections() {
    return collectors.stream().mapToLong(c -> Math.max(0, c.getCollectionCount())).sum();
  }

  private long collectionMs() {
    return collectors.stream().mapToLong(c -> Math.max(0, c.getCollectionTime())).sum();
  }

  /**
   * Bytes allocated since {@link #start()} by the threads alive now (threads that ended in between,
   * such as idle pool workers, are not counted: a lower bound).
   */
  public long allocatedSinceStart() {
    long sum = 0;
    for (Map.Entry<Long, Long> t : allocated().entrySet()) sum += t.getValue() - atStart.getOrDefault(t.getKey(), 0L);
    return sum;
  }

  /** The sum of the heap pools' peak use since {@link #start()}, in bytes (an upper bound). */
  public long peakHeapBytes() {
    return heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
  }

  /** The heap in use after a full collection: what the net, its buffers and the data set hold. */
  public long liveHeapBytes() {
    System.gc();
    return heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
  }

  /** Bytes allocated so far per live thread id. */
  private Map<Long, Long> allocated() {
    long[] ids = threads.getAllThreadIds();
    long[] bytes = threads.getThreadAllocatedBytes(ids);
    Map<Long, Long> out = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      if (bytes[i] >= 0) out.put(ids[i], bytes[i]);
    }
    return out;
  }
}
