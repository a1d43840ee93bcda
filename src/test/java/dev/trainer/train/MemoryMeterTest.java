package dev.trainer.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MemoryMeterTest {
  private static byte[] kept;

  @Test
  void countsTheBytesThisThreadAllocates() {
    MemoryMeter meter = new MemoryMeter();
    meter.start();
    kept = new byte[8 << 20];
    long allocated = meter.allocatedSinceStart();
    assertTrue(allocated >= 8 << 20, "allocated " + allocated);
    assertTrue(meter.peakHeapBytes() >= 8 << 20, "peak " + meter.peakHeapBytes());
    assertTrue(meter.liveHeapBytes() >= kept.length, "the array is still referenced");
  }
}
