package dev.trainer.train;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * Measures what training steps cost in memory, for {@code trainer time}: the bytes allocated by
 * all live threads of the JVM (the HotSpot per-thread allocation counters, which count every
 * object, including ones the JIT would keep out of a profile) and the heap: its peak use since
 * {@link #start()}, and the live set after a full collection.
 *
 * <p>A training loop that reuses its buffers allocates (close to) nothing per step; a steady
 * allocation rate shows up as bytes per step here.
 */
public final class MemoryMeter {
  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private final List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(p -> p.getType() == MemoryType.HEAP).toList();
  private long allocatedAtStart;

  /** Starts counting allocations and resets the heap pools' peaks. */
  public void start() {
    heap.forEach(MemoryPoolMXBean::resetPeakUsage);
    allocatedAtStart = allocated();
  }

  /** Bytes allocated by all live threads since {@link #start()}. */
  public long allocatedSinceStart() {
    return allocated() - allocatedAtStart;
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

  private long allocated() {
    long sum = 0;
    for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      if (bytes > 0) sum += bytes;
    }
    return sum;
  }
}
