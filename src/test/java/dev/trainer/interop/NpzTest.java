package dev.trainer.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/** The .npz writer, read back by a small independent .npy reader. */
class NpzTest {
  static final List<NamedTensor> TENSORS = List.of(
      new NamedTensor("conv1.weight", new int[] {2, 1, 2, 2}, new float[] {1, -2, 3.5f, 4, -0f, 6, 7, 8}),
      new NamedTensor("conv1.bn.running_var", new int[] {3}, new float[] {1, 2, 3}),
      new NamedTensor("scalar", new int[] {}, new float[] {42}));

  @Test
  void archiveHoldsOneNpyPerTensor() throws IOException {
    List<NamedTensor> read = read(Npz.bytes(TENSORS));
    assertEquals(TENSORS.size(), read.size());
    for (int i = 0; i < TENSORS.size(); i++) {
      assertEquals(TENSORS.get(i).name(), read.get(i).name());
      assertArrayEquals(TENSORS.get(i).shape(), read.get(i).shape());
      assertArrayEquals(TENSORS.get(i).data(), read.get(i).data());
    }
    assertArrayEquals(Npz.bytes(TENSORS), Npz.bytes(TENSORS), "the same tensors give the same bytes");
  }

  @Test
  void npyHeaderIsVersion1AlignedTo64() {
    byte[] npy = Npz.npy(TENSORS.get(1));
    assertEquals(0x93, npy[0] & 0xff);
    assertEquals("NUMPY", new String(npy, 1, 5, StandardCharsets.US_ASCII));
    assertEquals(1, npy[6]);
    assertEquals(0, npy[7]);
    int headerLength = ByteBuffer.wrap(npy, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
    assertEquals(0, (10 + headerLength) % 64);
    String header = new String(npy, 10, headerLength, StandardCharsets.US_ASCII);
    assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"), header);
    assertTrue(header.endsWith("\n"), header);
  }

  private static final Pattern HEADER =
      Pattern.compile("\\{'descr': '<f4', 'fortran_order': False, 'shape': \\(([0-9, ]*)\\), \\} *\n");

  /** A minimal reader: zip entries NAME.npy, each a version-1.0 little-endian float32 array. */
  static List<NamedTensor> read(byte[] npz) throws IOException {
    List<NamedTensor> out = new ArrayList<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(npz))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        ByteBuffer b = ByteBuffer.wrap(zip.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
        int n = b.getShort(8);
        Matcher m = HEADER.matcher(new String(b.array(), 10, n, StandardCharsets.US_ASCII));
        assertTrue(m.matches(), e.getName());
        int[] shape = m.group(1).isBlank() ? new int[0]
            : java.util.Arrays.stream(m.group(1).split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
        float[] data = new float[(b.capacity() - 10 - n) / 4];
        b.position(10 + n);
        b.asFloatBuffer().get(data);
        out.add(new NamedTensor(e.getName().replaceFirst("\\.npy$", ""), shape, data));
      }
    }
    return out;
  }
}
