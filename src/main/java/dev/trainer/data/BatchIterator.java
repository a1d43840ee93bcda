package dev.trainer.data;

import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import dev.trainer.tensor.Tensor;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Endless mini-batches over a data set, prepared one batch ahead on a background thread.
 *
 * <p><b>Order.</b> For training, epoch e visits the examples in the order of a Fisher–Yates shuffle
 * of 0..N-1 drawn from {@code rng.stream("shuffle e")}, in batches of {@code batchSize}. With
 * {@code dropLast} (the default, {@code data.drop_last = true}) the last N mod batchSize examples of
 * the permutation are dropped for that epoch (different examples every epoch), so an epoch is
 * floor(N / batchSize) batches of the same size; without it the epoch ends with that smaller batch
 * and is ceil(N / batchSize) batches. For evaluation the order is 0..N-1 and the last, smaller
 * batch is kept, so every example is seen exactly once.
 *
 * <p><b>Determinism.</b> The augmentation noise of batch b of epoch e comes from its own stream
 * {@code rng.stream("augment e b")}, drawn example by example in batch order. Nothing depends on
 * which thread prepares a batch or when, and the whole position is (epoch, batch, the Rng state
 * the iterator was created with): {@link #position()} and {@link #restore} resume exactly.
 *
 * <p><b>Buffers.</b> Two slots are reused (double buffering): while the caller works on one batch the
 * worker (a single daemon thread) fills the other. A returned {@link Batch} stays valid until the
 * next call to {@link #next()}. {@link #waitSeconds()} is the time {@code next()} spent blocked on
 * the worker, {@link #prepareSeconds()} the time the worker spent filling batches.
 */
public final class BatchIterator implements AutoCloseable {
  /** Where an iterator is: the next batch to return and the Rng it derives all randomness from. */
  public record Position(int epoch, int batch, long[] rngState) {}

  private final Dataset data;
  private final int batchSize;
  private final boolean train;
  private final boolean dropLast;
  private final Augmentation augmentation;
  private final Shape exampleShape;
  private final Rng base = new Rng(0);
  private final int batchesPerEpoch;
  private final Slot[] slots = {new Slot(), new Slot()};
  private final AtomicLong prepareNanos = new AtomicLong();
  private long waitNanos;

  private BlockingQueue<Slot> free;
  private BlockingQueue<Slot> ready;
  private Thread worker;
  private Slot current;
  private int epoch;
  private int batch;

  /**
   * @param train shuffle every epoch, drop the last partial batch and augment randomly; otherwise
   *     keep the data order, keep the last partial batch and apply the test (centre) transform
   * @param augmentation crops/mirroring, or null for none
   * @param rng the run's data stream; only its current state is used (it is not advanced)
   */
  public BatchIterator(Dataset data, int batchSize, boolean train, Augmentation augmentation, Rng rng) {
    this(data, batchSize, train, train, augmentation, rng);
  }

  /**
   * @param train shuffle every epoch and augment randomly; otherwise keep the data order and apply
   *     the test (centre) transform
   * @param dropLast drop the last partial batch of every epoch instead of returning it
   */
  public BatchIterator(Dataset data, int batchSize, boolean train, boolean dropLast, Augmentation augmentation,
      Rng rng) {
    if (batchSize <= 0) throw new IllegalArgumentException("batch size " + batchSize);
    // one test batch holds the whole set at most; a test_batch_size near 2^31 overflowed the count below
    if (!train) batchSize = Math.min(batchSize, Math.max(1, data.size()));
    this.data = data;
    this.batchSize = batchSize;
    this.train = train;
    this.dropLast = dropLast;
    this.augmentation = augmentation;
    this.exampleShape = augmentation == null ? data.shape() : augmentation.outputShape(data.shape());
    this.base.restore(rng.state());
    this.batchesPerEpoch = dropLast ? data.size() / batchSize : (data.size() + batchSize - 1) / batchSize;
    if (batchesPerEpoch == 0) {
      throw new DataException(data.name(), (data.size() == 0 ? "no examples" : "only " + data.size()
          + " examples, fewer than one batch of " + batchSize));
    }
    resetQueues();
  }

  /** Batches in one epoch. */
  public int batchesPerEpoch() {
    return batchesPerEpoch;
  }

  /** Per-example shape of the batches (after cropping). */
  public Shape exampleShape() {
    return exampleShape;
  }

  /** The next batch; valid until the next call. */
  public Batch next() {
    Slot previous = current;
    if (previous != null) free.add(previous);
    if (worker == null) startWorker();
    long t0 = System.nanoTime();
    Slot s;
    try {
      s = ready.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a batch", e);
    }
    waitNanos += System.nanoTime() - t0;
    if (s.error != null) {
      current = null;
      stopWorker();
      throw s.error;
    }
    current = s;
    batch = s.batchIndex + 1;
    epoch = s.epoch;
    if (batch == batchesPerEpoch) {
      batch = 0;
      epoch++;
    }
    return s.out;
  }

  /** The position of the batch the next {@link #next()} returns. */
  public Position position() {
    return new Position(epoch, batch, base.state());
  }

  /** Continues from {@code p} exactly as the iterator that reported it would have. */
  public void restore(Position p) {
    if (p.batch() < 0 || p.batch() >= batchesPerEpoch || p.epoch() < 0) {
      throw new IllegalArgumentException("position " + p.epoch() + "/" + p.batch() + " of " + batchesPerEpoch);
    }
    stopWorker();
    base.restore(p.rngState());
    epoch = p.epoch();
    batch = p.batch();
  }

  /** Seconds {@link #next()} has spent waiting for the worker. */
  public double waitSeconds() {
    return waitNanos * 1e-9;
  }

  /** Seconds the worker has spent preparing batches. */
  public double prepareSeconds() {
    return prepareNanos.get() * 1e-9;
  }

  /** Stops the worker thread. */
  @Override
  public void close() {
    stopWorker();
  }

  private void startWorker() {
    int startEpoch = epoch;
    int startBatch = batch;
    worker = new Thread(() -> produce(startEpoch, startBatch), "batches-" + data.name());
    worker.setDaemon(true);
    worker.start();
  }

  private void stopWorker() {
    if (worker != null) {
      worker.interrupt();
      boolean interrupted = false;
      while (worker.isAlive()) {
        try {
          worker.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) Thread.currentThread().interrupt();
      worker = null;
    }
    current = null;
    resetQueues();
  }

  private void resetQueues() {
    free = new ArrayBlockingQueue<>(2);
    ready = new ArrayBlockingQueue<>(2);
    free.add(slots[0]);
    free.add(slots[1]);
  }

  /** Worker loop: fills free slots with consecutive batches until interrupted. */
  private void produce(int e, int b) {
    int[] order = new int[data.size()];
    orderFor(e, order);
    BlockingQueue<Slot> freeQ = free;
    BlockingQueue<Slot> readyQ = ready;
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Slot s = freeQ.take();
        long t0 = System.nanoTime();
        try {
          fill(s, e, b, order);
        } catch (RuntimeException ex) {
          s.error = ex;
          readyQ.put(s);
          return;
        }
        prepareNanos.addAndGet(System.nanoTime() - t0);
        readyQ.put(s);
        if (++b == batchesPerEpoch) {
          b = 0;
          orderFor(++e, order);
        }
      }
    } catch (InterruptedException ex) {
      // close() or restore(): stop quietly.
    }
  }

  private void orderFor(int e, int[] order) {
    for (int i = 0; i < order.length; i++) order[i] = i;
    if (train) base.stream("shuffle " + e).shuffle(order);
  }

  private void fill(Slot s, int e, int b, int[] order) {
    int start = b * batchSize;
    int count = Math.min(batchSize, data.size() - start);
    Batch out = s.buffer(count);
    Rng noise = train && augmentation != null ? base.stream("augment " + e + " " + b) : null;
    int in = data.shape().size();
    int outSize = exampleShape.size();
    for (int i = 0; i < count; i++) {
      int example = order[start + i];
      out.labels[i] = data.labels[example];
      if (augmentation == null) {
        System.arraycopy(data.images, example * in, out.x.data, i * outSize, in);
      } else {
        augmentation.apply(data.images, example * in, data.shape(), out.x.data, i * outSize, train, noise);
      }
    }
    s.out = out;
    s.epoch = e;
    s.batchIndex = b;
    s.error = null;
  }

  /** One of the two reusable buffers: a full batch and, if needed, the smaller last batch. */
  private final class Slot {
    private Batch full;
    private Batch partial;
    Batch out;
    int epoch;
    int batchIndex;
    RuntimeException error;

    Batch buffer(int count) {
      if (count == batchSize) {
        if (full == null) full = newBatch(count);
        return full;
      }
      if (partial == null) partial = newBatch(count);
      return partial;
    }

    private Batch newBatch(int count) {
      return new Batch(new Tensor(exampleShape.withBatch(count)), new int[count]);
    }
  }
}
