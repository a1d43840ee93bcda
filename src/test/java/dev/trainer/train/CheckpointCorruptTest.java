package dev.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.UserError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint whose length fields are corrupt is refused with one message naming it, before any allocation. */
class CheckpointCorruptTest {
  @TempDir Path dir;

  /** A small checkpoint; its config's length field is at byte 12 (after magic and version). */
  private Path saved() throws IOException {
    Path file = dir.resolve("last.ckpt");
    new Checkpoint("[data]\\nset = mnist\\n", 3, 1, Map.of("params", List.of(new float[] {1, 2, 3})),
        Map.of("rng", new long[] {7})).save(file);
    return file;
  }

  private static void putInt(Path file, int offset, int value) throws IOException {
    byte[] b = Files.readAllBytes(file);
    ByteBuffer.wrap(b).putInt(offset, value);
    Files.write(file, b);
  }

  @Test
  void negativeAndHugeLengthsAreRefusedNamingTheFile() throws IOException {
    int configLength = 12;
    int configBytes = "[data]\\nset = mnist\\n".length();
    int tensorLists = configLength + 4 + configBytes + 8; // after iteration and epoch
    int firstTensor = tensorLists + 4 + 2 + "params".length() + 4;
    for (int[] corrupt : new int[][] {{configLength, -5}, {configLength, Integer.MAX_VALUE},
        {tensorLists, Integer.MAX_VALUE}, {firstTensor, -1}, {firstTensor, 1 << 30}}) {
      Path file = saved();
      assertEquals(3, Checkpoint.load(file).tensors.get("params").get(0).length, "the offsets are right");
      putInt(file, corrupt[0], corrupt[1]);
      UserError e = assertThrows(UserError.class, () -> Checkpoint.load(file));
      assertTrue(e.getMessage().startsWith(file + ": checkpoint is corrupt"), e.getMessage());
      assertEquals(2, e.exitCode());
    }
  }
}
