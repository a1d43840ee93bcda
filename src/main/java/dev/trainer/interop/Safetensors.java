package dev.trainer.interop;

import dev.trainer.UserError;
import dev.trainer.train.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hugging Face's safetensors format, written and read by hand: an 8-byte little-endian length N,
 * N bytes of a UTF-8 JSON header mapping each tensor name to {@code {"dtype", "shape",
 * "data_offsets": [begin, end]}} (byte offsets into the data that follows) plus an optional
 * {@code "__metadata__"} object of strings, then the tensors' raw little-endian bytes in row-major
 * order. The header is padded with spaces to a multiple of 8 bytes, as the reference writer does.
 *
 * <p>The writer emits float32 ({@code F32}) tensors in the order given, so the same tensors and
 * metadata always give the same bytes. The reader accepts {@code F32} and {@code F64} (converted
 * to float32); anything malformed is a {@link UserError} naming the file, exit status 2.
 */
public final class Safetensors {
  /** Tensors in file order and the {@code __metadata__} strings (empty if absent). */
  public record Contents(List<NamedTensor> tensors, Map<String, String> metadata) {}

  private Safetensors() {}

  /** Writes {@code tensors} and {@code metadata} to {@code file} atomically. */
  public static void write(Path file, List<NamedTensor> tensors, Map<String, String> metadata) {
    byte[] bytes = bytes(tensors, metadata);
    AtomicFiles.write(file, os -> os.write(bytes));
  }

  /** The file's bytes. */
  public static byte[] bytes(List<NamedTensor> tensors, Map<String, String> metadata) {
    StringBuilder header = new StringBuilder("{");
    if (!metadata.isEmpty()) {
      header.append("\"__metadata__\":{");
      String sep = "";
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        header.append(sep).append(Json.quote(e.getKey())).append(':').append(Json.quote(e.getValue()));
        sep = ",";
      }
      header.append('}');
    }
    long offset = 0;
    for (NamedTensor t : tensors) {
      if (header.length() > 1) header.append(',');
      long end = offset + 4L * t.data().length;
      header.append(Json.quote(t.name())).append(":{\"dtype\":\"F32\",\"shape\":[");
      for (int i = 0; i < t.shape().length; i++) header.append(i == 0 ? "" : ",").append(t.shape()[i]);
      header.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
      offset = end;
    }
    header.append('}');
    byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + padded + offset)).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(padded).put(json);
    for (int i = json.length; i < padded; i++) out.put((byte) ' ');
    writeData(out, tensors, 8 + padded);
    return out.array();
  }

  private static void writeData(ByteBuffer out, List<NamedTensor> tensors, int start) {
    int at = start;
    for (NamedTensor t : tensors) {
      out.position(at);
      out.asFloatBuffer().put(t.data());
      at += 4 * t.data().length;
    }
  }

  /** Reads a safetensors file; a malformed one is a {@link UserError} naming it. */
  public static Contents read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UserError(file + ": cannot read (" + AtomicFiles.reason(e) + ")", 2);
    }
    try {
      return parse(bytes);
    } catch (IllegalArgumentException e) {
      throw new UserError(file + ": not a valid safetensors file: " + e.getMessage(), 2);
    }
  }

  /** Parses a safetensors file's bytes; a malformed one is an {@link IllegalArgumentException}. */
  public static Contents parse(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 8) throw new IllegalArgumentException("shorter than its 8-byte header length");
    long n = in.getLong();
    if (n < 2 || n > bytes.length - 8) throw new IllegalArgumentException("header length " + n + " does not fit the file");
    int dataStart = 8 + (int) n;
    if (!(Json.parse(new String(bytes, 8, (int) n, StandardCharsets.UTF_8)) instanceof Map<?, ?> header)) {
      throw new IllegalArgumentException("the header is not a JSON object");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    List<NamedTensor> tensors = new ArrayList<>();
    for (Map.Entry<?, ?> e : header.entrySet()) {
      String name = (String) e.getKey();
      if (name.equals("__metadata__")) {
        if (!(e.getValue() instanceof Map<?, ?> m)) throw new IllegalArgumentException("__metadata__ is not an object");
        m.forEach((k, v) -> metadata.put((String) k, String.valueOf(v)));
      } else {
        tensors.add(tensor(name, e.getValue(), in, dataStart));
      }
    }
    return new Contents(tensors, metadata);
  }

  private static NamedTensor tensor(String name, Object entry, ByteBuffer in, int dataStart) {
    if (!(entry instanceof Map<?, ?> m) || !(m.get("dtype") instanceof String dtype)
        || !(m.get("shape") instanceof List<?> dims) || !(m.get("data_offsets") instanceof List<?> offsets)
        || offsets.size() != 2) {
      throw new IllegalArgumentException("tensor '" + name + "' lacks dtype, shape or data_offsets");
    }
    int width = switch (dtype) {
      case "F32" -> 4;
      case "F64" -> 8;
      default -> throw new IllegalArgumentException("tensor '" + name + "' has dtype " + dtype + "; F32 or F64 is read");
    };
    int[] shape = new int[dims.size()];
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      if (!(dims.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("tensor '" + name + "' has a bad shape " + dims);
      }
      shape[i] = (int) (long) d;
      count *= d;
    }
    if (!(offsets.get(0) instanceof Long begin) || !(offsets.get(1) instanceof Long end)
        || begin < 0 || end != begin + count * width || dataStart + end > in.capacity()) {
      throw new IllegalArgumentException("tensor '" + name + "': data_offsets " + offsets + " do not fit its "
          + dtype + " shape " + dims + " and the file");
    }
    float[] data = new float[(int) count];
    int at = dataStart + (int) (long) begin;
    for (int i = 0; i < data.length; i++, at += width) {
      data[i] = width == 4 ? in.getFloat(at) : (float) in.getDouble(at);
    }
    return new NamedTensor(name, shape, data);
  }
}
