package dev.trainer.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Reading whole data files, gzipped or not, with one-line {@link DataException}s. */
final class DataFiles {
  private DataFiles() {}

  /** The contents of {@code file}, decompressed if it starts with the gzip magic 1f 8b. */
  static byte[] readMaybeGzip(Path file) {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
      raw.mark(2);
      boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
      raw.reset();
      try (InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
        return in.readAllBytes();
      }
    } catch (NoSuchFileException e) {
      throw new DataException(file, "file not found");
    } catch (EOFException | ZipException e) {
      throw new DataException(file, "corrupt or truncated gzip data (" + e.getMessage() + ")");
    } catch (IOException e) {
      throw new DataException(file, "cannot read: " + e);
    }
  }

  /** Big-endian unsigned 32-bit integer at {@code off} (idx headers). */
  static long u32(byte[] b, int off) {
    return ((b[off] & 0xffL) << 24) | ((b[off + 1] & 0xffL) << 16) | ((b[off + 2] & 0xffL) << 8)
        | (b[off + 3] & 0xffL);
  }
}
