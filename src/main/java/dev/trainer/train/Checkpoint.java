package dev.trainer.train;

import dev.trainer.UserError;
import dev.trainer.tensor.Tensor;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * Everything needed to continue a run exactly: the resolved config, the iteration and epoch,
 * every parameter, the solver's momentum, non-learned layer state (batch-norm statistics) and
 * every random stream (per layer, data order and augmentation). Written atomically: to a
 * temporary file in the same directory, then renamed, so a crash (even kill -9) leaves either
 * the old or the new checkpoint, never half of one.
 *
 * <p>Format (big-endian): magic {@code TRAINCKP}, version, UTF config, iteration, epoch, then
 * named tensor lists and named long arrays; version 2 ends with the CRC32 of all bytes before it,
 * so that a damaged file is refused instead of loaded. Version 1 files (no CRC) are still read.
 */
public final class Checkpoint {
  private static final long MAGIC = 0x545241494E434B50L; // "TRAINCKP"
  private static final int VERSION = 2;

  public final String config;
  public final int iteration;
  public final int epoch;
  /** Named lists of tensors: "params", "history", "state". Values are copied on save. */
  public final Map<String, List<float[]>> tensors;
  /** Named long arrays: RNG states, data iterator position, counters. */
  public final Map<String, long[]> longs;

  public Checkpoint(String config, int iteration, int epoch, Map<String, List<float[]>> tensors,
      Map<String, long[]> longs) {
    this.config = config;
    this.iteration = iteration;
    this.epoch = epoch;
    this.tensors = tensors;
    this.longs = longs;
  }

  /** Copies of the tensors' contents, for a checkpoint's tensor list. */
  public static List<float[]> snapshot(List<Tensor> list) {
    List<float[]> out = new ArrayList<>();
    for (Tensor t : list) out.add(t.data.clone());
    return out;
  }

  /** Copies saved values back into tensors of the same sizes; a mismatch is an error naming the list. */
  public void restoreInto(String key, List<Tensor> targets) {
    List<float[]> saved = tensors.get(key);
    if (saved == null || saved.size() != targets.size()) {
      throw new UserError("checkpoint does not match the net: " + key + " has "
          + (saved == null ? 0 : saved.size()) + " tensors, the net " + targets.size(), 2);
    }
    for (int i = 0; i < saved.size(); i++) {
      if (saved.get(i).length != targets.get(i).size()) {
        throw new UserError("checkpoint does not match the net: " + key + "[" + i + "] has "
            + saved.get(i).length + " values, the net " + targets.get(i).size(), 2);
      }
      System.arraycopy(saved.get(i), 0, targets.get(i).data, 0, saved.get(i).length);
    }
  }

  /**
   * Writes to {@code file} atomically ({@link AtomicFiles}: temporary file, forced to the disk, then
   * renamed); a failed write keeps the old file and is an error naming {@code file}.
   */
  public void save(Path file) throws IOException {
    AtomicFiles.write(file, os -> {
      CheckedOutputStream checked = new CheckedOutputStream(new BufferedOutputStream(os, 1 << 16), new CRC32());
      DataOutputStream out = new DataOutputStream(checked);
      out.writeLong(MAGIC);
      out.writeInt(VERSION);
      writeString(out, config);
      out.writeInt(iteration);
      out.writeInt(epoch);
      out.writeInt(tensors.size());
      for (Map.Entry<String, List<float[]>> e : tensors.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeInt(e.getValue().size());
        for (float[] t : e.getValue()) {
          out.writeInt(t.length);
          for (float v : t) out.writeFloat(v);
        }
      }
      out.writeInt(longs.size());
      for (Map.Entry<String, long[]> e : longs.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeInt(e.getValue().length);
        for (long v : e.getValue()) out.writeLong(v);
      }
      out.flush();
      out.writeInt((int) checked.getChecksum().getValue());
      out.flush();
    });
  }

  /**
   * Reads a checkpoint; a file that is not one, is cut short, or whose CRC32 does not match its
   * content (version 2) is a {@link UserError} naming it, and nothing of it is loaded.
   */
  public static Checkpoint load(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UserError(file + ": cannot read checkpoint (" + AtomicFiles.reason(e) + ")", 2);
    }
    try {
      DataInputStream head = new DataInputStream(new ByteArrayInputStream(bytes));
      if (head.readLong() != MAGIC) throw new UserError(file + ": not a trainer checkpoint", 2);
      int version = head.readInt();
      if (version != VERSION && version != 1) {
        throw new UserError(file + ": checkpoint version " + version + ", expected " + VERSION + " (or 1)", 2);
      }
      int payload = bytes.length;
      if (version == VERSION) {
        payload -= 4;
        if (payload < 12) throw new EOFException();
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, payload);
        if (ByteBuffer.wrap(bytes, payload, 4).getInt() != (int) crc.getValue()) {
          throw new UserError(file + ": checkpoint is corrupted (its CRC32 does not match the content); not loaded", 2);
        }
      }
      return parse(new DataInputStream(new ByteArrayInputStream(bytes, 12, payload - 12)), file);
    } catch (EOFException e) {
      throw new UserError(file + ": checkpoint is truncated", 2);
    } catch (IOException e) {
      throw new UserError(file + ": cannot read checkpoint (" + AtomicFiles.reason(e) + ")", 2);
    }
  }

  /** The content after magic and version; a length that cannot fit in the rest of the file is corruption. */
  private static Checkpoint parse(DataInputStream in, Path file) throws IOException {
    String config = readString(in, file);
    int iteration = in.readInt();
    int epoch = in.readInt();
    Map<String, List<float[]>> tensors = new LinkedHashMap<>();
    for (int n = length(in, 1, file), i = 0; i < n; i++) {
      String key = in.readUTF();
      List<float[]> list = new ArrayList<>();
      for (int m = length(in, 4, file), j = 0; j < m; j++) {
        float[] t = new float[length(in, 4, file)];
        for (int k = 0; k < t.length; k++) t[k] = in.readFloat();
        list.add(t);
      }
      tensors.put(key, list);
    }
    Map<String, long[]> longs = new LinkedHashMap<>();
    for (int n = length(in, 1, file), i = 0; i < n; i++) {
      String key = in.readUTF();
      long[] v = new long[length(in, 8, file)];
      for (int k = 0; k < v.length; k++) v[k] = in.readLong();
      longs.put(key, v);
    }
    return new Checkpoint(config, iteration, epoch, tensors, longs);
  }

  /** A count of items of at least {@code bytesEach} bytes each, checked against the bytes left. */
  private static int length(DataInputStream in, int bytesEach, Path file) throws IOException {
    int n = in.readInt();
    if (n < 0 || (long) n * bytesEach > in.available()) {
      throw new UserError(file + ": checkpoint is corrupted (a length field of " + n + " does not fit the file)", 2);
    }
    return n;
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(DataInputStream in, Path file) throws IOException {
    byte[] b = new byte[length(in, 1, file)];
    in.readFully(b);
    return new String(b, java.nio.charset.StandardCharsets.UTF_8);
  }
}
