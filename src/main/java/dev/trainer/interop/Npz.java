package dev.trainer.interop;

import dev.trainer.train.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * NumPy's {@code .npz}: a zip archive (entries stored, not compressed, as {@code numpy.savez}
 * writes them) with one {@code NAME.npy} per tensor. Each {@code .npy} is format version 1.0: the
 * magic {@code \x93NUMPY}, bytes 1 and 0, a little-endian uint16 header length, an ASCII Python
 * dict {@code {'descr': '<f4', 'fortran_order': False, 'shape': (32, 3, 5, 5), }} padded with
 * spaces and a newline so the data starts at a multiple of 64 bytes, then the float32 values in
 * row-major order. Entry times are fixed, so the same tensors give the same bytes.
 */
public final class Npz {
  private static final long FIXED_TIME = 315532800000L + 86_400_000L; // 1980-01-02, the zip epoch

  private Npz() {}

  /** Writes {@code tensors} to {@code file} atomically. */
  public static void write(Path file, List<NamedTensor> tensors) {
    byte[] bytes = bytes(tensors);
    AtomicFiles.write(file, os -> os.write(bytes));
  }

  /** The archive's bytes. */
  public static byte[] bytes(List<NamedTensor> tensors) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(buffer)) {
      for (NamedTensor t : tensors) {
        byte[] npy = npy(t);
        ZipEntry entry = new ZipEntry(t.name() + ".npy");
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(npy.length);
        CRC32 crc = new CRC32();
        crc.update(npy);
        entry.setCrc(crc.getValue());
        entry.setTime(FIXED_TIME);
        zip.putNextEntry(entry);
        zip.write(npy);
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new IllegalStateException(e); // in memory: cannot happen
    }
    return buffer.toByteArray();
  }

  /** One tensor as a {@code .npy} file (format 1.0, little-endian float32). */
  public static byte[] npy(NamedTensor t) {
    StringBuilder shape = new StringBuilder("(");
    for (int d : t.shape()) shape.append(d).append(", ");
    if (t.shape().length > 1) shape.setLength(shape.length() - 2);
    else if (t.shape().length == 1) shape.setLength(shape.length() - 1);
    shape.append(')');
    StringBuilder header = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }");
    while ((10 + header.length() + 1) % 64 != 0) header.append(' ');
    header.append('\n');
    byte[] head = header.toString().getBytes(StandardCharsets.US_ASCII);
    ByteBuffer out = ByteBuffer.allocate(10 + head.length + 4 * t.data().length).order(ByteOrder.LITTLE_ENDIAN);
    out.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    out.putShort((short) head.length).put(head);
    out.asFloatBuffer().put(t.data());
    return out.array();
  }
}
