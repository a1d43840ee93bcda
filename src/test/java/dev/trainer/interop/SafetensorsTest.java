package dev.trainer.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.UserError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hand-written safetensors writer and reader: the layout of the bytes, round trips, refusals. */
class SafetensorsTest {
  @TempDir Path tmp;

  private static final List<NamedTensor> TENSORS = List.of(
      new NamedTensor("conv1.weight", new int[] {2, 1, 2, 2}, new float[] {1, -2, 3.5f, Float.MIN_VALUE, -0f, 6, 7, 8}),
      new NamedTensor("conv1.bias", new int[] {2}, new float[] {0.25f, -1e30f}),
      new NamedTensor("conv1.prelu.weight", new int[] {1}, new float[] {0.25f}));

  @Test
  void bytesAreTheSpecsLayout() {
    byte[] b = Safetensors.bytes(TENSORS, Map.of("iteration", "12"));
    ByteBuffer in = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    long n = in.getLong();
    assertEquals(0, n % 8, "header padded to 8 bytes");
    assertEquals(8 + n + 4 * 11, b.length, "header, then exactly the 11 float32 values");
    String header = new String(b, 8, (int) n, StandardCharsets.UTF_8);
    assertEquals("{\"__metadata__\":{\"iteration\":\"12\"},"
        + "\"conv1.weight\":{\"dtype\":\"F32\",\"shape\":[2,1,2,2],\"data_offsets\":[0,32]},"
        + "\"conv1.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[32,40]},"
        + "\"conv1.prelu.weight\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[40,44]}}", header.strip());
    assertEquals(3.5f, in.getFloat(8 + (int) n + 8), "little-endian float32 in row-major order");
    assertEquals(-1e30f, in.getFloat(8 + (int) n + 36));
  }

  @Test
  void roundTripIsBitwise() throws IOException {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("config", "a = \"b\"\n\tc\\d");
    meta.put("iteration", "3");
    Path f = tmp.resolve("w.safetensors");
    Safetensors.write(f, TENSORS, meta);
    Safetensors.Contents c = Safetensors.read(f);
    assertEquals(meta, c.metadata());
    assertEquals(TENSORS.size(), c.tensors().size());
    for (int i = 0; i < TENSORS.size(); i++) {
      NamedTensor a = TENSORS.get(i);
      NamedTensor b = c.tensors().get(i);
      assertEquals(a.name(), b.name());
      assertArrayEquals(a.shape(), b.shape());
      for (int k = 0; k < a.data().length; k++) {
        assertEquals(Float.floatToRawIntBits(a.data()[k]), Float.floatToRawIntBits(b.data()[k]), a.name() + "[" + k + "]");
      }
    }
    assertArrayEquals(Files.readAllBytes(f), Safetensors.bytes(c.tensors(), c.metadata()), "read then written: same bytes");
  }

  @Test
  void readsFloat64AsWrittenByOtherTools() {
    String header = "{\"x\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}}";
    ByteBuffer b = ByteBuffer.allocate(8 + header.length() + 16).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(header.length()).put(header.getBytes(StandardCharsets.US_ASCII)).putDouble(0.5).putDouble(-3);
    NamedTensor t = Safetensors.parse(b.array()).tensors().get(0);
    assertArrayEquals(new float[] {0.5f, -3f}, t.data());
  }

  @Test
  void malformedFilesAreOneLineErrorsNamingTheFile() throws IOException {
    byte[] good = Safetensors.bytes(TENSORS, Map.of());
    Path cut = Files.write(tmp.resolve("cut.safetensors"), Arrays.copyOf(good, good.length - 4));
    UserError e = assertThrows(UserError.class, () -> Safetensors.read(cut));
    assertTrue(e.getMessage().startsWith(cut + ": not a valid safetensors file: tensor 'conv1.prelu.weight'"), e.getMessage());
    assertEquals(2, e.exitCode());

    Path f16 = Files.write(tmp.resolve("f16.safetensors"), new String(good, StandardCharsets.ISO_8859_1)
        .replaceFirst("F32", "F16").getBytes(StandardCharsets.ISO_8859_1));
    assertTrue(assertThrows(UserError.class, () -> Safetensors.read(f16)).getMessage().contains("dtype F16"));

    Path junk = Files.writeString(tmp.resolve("junk.safetensors"), "not a tensor file at all");
    assertTrue(assertThrows(UserError.class, () -> Safetensors.read(junk)).getMessage().contains("header length"));
  }
}
