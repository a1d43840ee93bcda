package dev.trainer.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal reader of (ustar/GNU) tar streams: 512-byte headers, each followed by the member's
 * bytes padded to a multiple of 512, ended by a zero block. Only regular files are reported; other
 * entries (folders, links, pax headers) are skipped.
 */
final class Tar {
  private static final int BLOCK = 512;

  /** Receives each regular file; must read exactly {@code size} bytes from {@code in}. */
  interface Visitor {
    void file(String name, long size, InputStream in) throws IOException;
  }

  private Tar() {}

  static void read(InputStream in, Visitor visitor) throws IOException {
    byte[] header = new byte[BLOCK];
    while (true) {
      if (!readBlock(in, header)) throw new EOFException("tar archive ends without its end marker");
      if (allZero(header)) return;
      String name = text(header, 0, 100);
      String prefix = text(header, 345, 155);
      if (!prefix.isEmpty() && "ustar".equals(text(header, 257, 5))) name = prefix + "/" + name;
      long size = octal(header, 124, 12);
      byte type = header[156];
      BoundedInput member = new BoundedInput(in, size);
      if (type == '0' || type == 0) visitor.file(name, size, member);
      member.skipRest();
      skipFully(in, (BLOCK - size % BLOCK) % BLOCK);
    }
  }

  private static boolean readBlock(InputStream in, byte[] b) throws IOException {
    int n = in.readNBytes(b, 0, BLOCK);
    if (n == 0) return false;
    if (n < BLOCK) throw new EOFException("truncated tar header");
    return true;
  }

  private static boolean allZero(byte[] b) {
    for (byte x : b) if (x != 0) return false;
    return true;
  }

  private static String text(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) end++;
    return new String(b, off, end - off, StandardCharsets.UTF_8).strip();
  }

  private static long octal(byte[] b, int off, int len) throws IOException {
    String s = text(b, off, len);
    try {
      return s.isEmpty() ? 0 : Long.parseLong(s, 8);
    } catch (NumberFormatException e) {
      throw new IOException("bad size field '" + s + "' in tar header");
    }
  }

  private static void skipFully(InputStream in, long n) throws IOException {
    long left = n;
    while (left > 0) {
      long k = in.skip(left);
      if (k <= 0) {
        if (in.read() < 0) throw new EOFException("truncated tar archive");
        k = 1;
      }
      left -= k;
    }
  }

  /** The bytes of one member. */
  private static final class BoundedInput extends InputStream {
    private final InputStream in;
    private long left;

    BoundedInput(InputStream in, long size) {
      this.in = in;
      this.left = size;
    }

    @Override
    public int read() throws IOException {
      if (left == 0) return -1;
      int b = in.read();
      if (b < 0) throw new EOFException("truncated tar member");
      left--;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left == 0) return -1;
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n < 0) throw new EOFException("truncated tar member");
      left -= n;
      return n;
    }

    void skipRest() throws IOException {
      skipFully(in, left);
      left = 0;
    }
  }
}
