package dev.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetching from a loopback HTTP server that serves crafted archives, with a test checksum table. */
class FetcherTest {
  @TempDir Path tmp;
  private HttpServer server;
  private final Map<String, byte[]> served = new HashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
  private String base;
  private byte[] batch;
  private byte[] tarGz;
  private byte[] labelsGz;

  @BeforeEach
  void start() throws IOException {
    batch = LoadersTest.cifar(new int[] {3, 1}, 1);
    tarGz = tarGz(Map.of("cifar-10-batches-bin/data_batch_1.bin", batch,
        "cifar-10-batches-bin/batches.meta.txt", "airplane\nautomobile\n".getBytes(StandardCharsets.UTF_8)));
    labelsGz = LoadersTest.gzip(LoadersTest.idxLabels(new int[] {4, 2}));
    served.put("/cifar-10-binary.tar.gz", tarGz);
    served.put("/train-labels-idx1-ubyte.gz", labelsGz);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      byte[] body = served.get(exchange.getRequestURI().getPath());
      if (body == null) {
        exchange.sendResponseHeaders(404, -1);
      } else {
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
      exchange.close();
    });
    server.start();
    base = "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/";
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private Fetcher fetcher(String tarMd5, String labelsMd5) {
    return new Fetcher(Map.of(
        "tiny-cifar", new Fetcher.Source(base, List.of(new Fetcher.RemoteFile("cifar-10-binary.tar.gz", tarMd5, true))),
        "tiny-mnist", new Fetcher.Source(base, List.of(new Fetcher.RemoteFile("train-labels-idx1-ubyte.gz", labelsMd5, false)))),
        quiet);
  }

  private Fetcher good() {
    return fetcher(md5(tarGz), md5(labelsGz));
  }

  @Test
  void downloadsVerifiesAndUnpacks() throws IOException {
    Path dir = tmp.resolve("cifar");
    assertEquals(List.of("cifar-10-binary.tar.gz"), good().fetch("tiny-cifar", dir, null, null));
    assertArrayEquals(batch, Files.readAllBytes(dir.resolve("data_batch_1.bin")));
    assertTrue(Files.exists(dir.resolve("batches.meta.txt")));
    assertTrue(Files.exists(dir.resolve("cifar-10-binary.tar.gz.verified")));
    assertNoPartFiles(dir);
    Dataset d = CifarBinary.load("c", List.of(dir.resolve("data_batch_1.bin")), CifarBinary.Label.CIFAR10, 10, null);
    assertArrayEquals(new int[] {3, 1}, d.labels);

    Path mnist = tmp.resolve("mnist");
    good().fetch("tiny-mnist", mnist, null, null);
    assertArrayEquals(labelsGz, Files.readAllBytes(mnist.resolve("train-labels-idx1-ubyte.gz")));
  }

  @Test
  void checksumMismatchLeavesNoFile() {
    Path dir = tmp.resolve("bad");
    Fetcher wrong = fetcher("0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef");
    LoadersTest.assertMessage(() -> wrong.fetch("tiny-mnist", dir, null, null), "does not match the published");
    LoadersTest.assertMessage(() -> wrong.fetch("tiny-cifar", dir, null, null), "does not match the published");
    assertFalse(Files.exists(dir.resolve("train-labels-idx1-ubyte.gz")));
    assertFalse(Files.exists(dir.resolve("data_batch_1.bin")));
    assertNoPartFiles(dir);
  }

  @Test
  void rerunSkipsVerifiedFilesAndRedoesChangedOnes() throws IOException {
    Path dir = tmp.resolve("again");
    good().fetch("tiny-cifar", dir, null, null);
    good().fetch("tiny-mnist", dir, null, null);
    int before = requests.get();
    assertEquals(List.of(), good().fetch("tiny-cifar", dir, null, null));
    assertEquals(List.of(), good().fetch("tiny-mnist", dir, null, null));
    assertEquals(before, requests.get(), "nothing downloaded again");
    Files.write(dir.resolve("data_batch_1.bin"), new byte[] {1, 2, 3});
    assertEquals(List.of("cifar-10-binary.tar.gz"), good().fetch("tiny-cifar", dir, null, null));
    assertArrayEquals(batch, Files.readAllBytes(dir.resolve("data_batch_1.bin")));
  }

  @Test
  void interruptedDownloadIsRedone() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("partial"));
    Files.write(dir.resolve("train-labels-idx1-ubyte.gz.part"), new byte[] {0x1f});
    Files.write(dir.resolve("cifar-10-binary.tar.gz.part"), new byte[] {0x1f, (byte) 0x8b});
    Files.write(dir.resolve("data_batch_1.bin.part"), new byte[] {9});
    good().fetch("tiny-mnist", dir, null, null);
    good().fetch("tiny-cifar", dir, null, null);
    assertArrayEquals(labelsGz, Files.readAllBytes(dir.resolve("train-labels-idx1-ubyte.gz")));
    assertArrayEquals(batch, Files.readAllBytes(dir.resolve("data_batch_1.bin")));
    assertNoPartFiles(dir);
  }

  @Test
  void importsFromALocalFileAndChecksIt() throws IOException {
    Path archive = Files.write(tmp.resolve("cifar-10-binary.tar.gz"), tarGz);
    Path dir = tmp.resolve("offline");
    good().fetch("tiny-cifar", dir, archive.toString(), null);
    assertArrayEquals(batch, Files.readAllBytes(dir.resolve("data_batch_1.bin")));
    assertEquals(0, requests.get());
    Path wrong = Files.write(tmp.resolve("other.tar.gz"), labelsGz);
    LoadersTest.assertMessage(() -> good().fetch("tiny-cifar", tmp.resolve("o2"), wrong.toString(), null),
        "does not match the published");
    LoadersTest.assertMessage(() -> good().fetch("tiny-mnist", tmp.resolve("o3"), null, base + "missing/"), "not found");
  }

  @Test
  void aFailedFetchLeavesNoEmptyFolderButKeepsAnExistingOne() throws IOException {
    Path offline = tmp.resolve("data/offline");
    LoadersTest.assertMessage(() -> good().fetch("tiny-mnist", offline, null, "http://127.0.0.1:1/"), "download failed");
    assertFalse(Files.exists(offline), "no empty folder left behind");
    Path missing = tmp.resolve("data/missing");
    LoadersTest.assertMessage(() -> good().fetch("tiny-cifar", missing, tmp.resolve("nope.tar.gz").toString(), null),
        "file not found");
    assertFalse(Files.exists(missing));
    Path existing = Files.createDirectories(tmp.resolve("data/mine"));
    LoadersTest.assertMessage(() -> good().fetch("tiny-mnist", existing, null, "http://127.0.0.1:1/"), "download failed");
    assertTrue(Files.isDirectory(existing), "a folder the user made is kept");
    assertNoPartFiles(existing);
  }

  @Test
  void aRecompressedCopySaysWhatThePublishedChecksumIsOf() throws IOException {
    // Same content, compressed again: the published MD5 (of the distributed .gz) cannot match.
    byte[] again = LoadersTest.gzip(LoadersTest.idxLabels(new int[] {4, 2}));
    again[9] = 3; // the gzip header's OS byte, as another tool would write it
    Path copy = Files.write(Files.createDirectories(tmp.resolve("copy")).resolve("train-labels-idx1-ubyte.gz"), again);
    Path dir = tmp.resolve("imported");
    LoadersTest.assertMessage(() -> good().fetch("tiny-mnist", dir, copy.getParent().toString(), null),
        "the published MD5 is of the distributed train-labels-idx1-ubyte.gz byte for byte, so a decompressed, "
            + "re-compressed or re-packed copy fails even with the same content: use the original file; nothing was kept");
    assertFalse(Files.exists(dir));
    Path unpacked = Files.createDirectories(tmp.resolve("unpacked"));
    Files.write(unpacked.resolve("data_batch_1.bin"), batch);
    LoadersTest.assertMessage(() -> good().fetch("tiny-cifar", tmp.resolve("d2"), unpacked.toString(), null),
        "cifar-10-binary.tar.gz: file not found; --from needs the files as distributed (for files you already "
            + "unpacked no fetch is needed: set data.dir to their folder)");
  }

  private static void assertNoPartFiles(Path dir) {
    if (!Files.exists(dir)) return;
    try (var files = Files.list(dir)) {
      assertEquals(List.of(), files.filter(p -> p.toString().endsWith(".part")).toList());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static String md5(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** A gzipped ustar archive with a folder entry and the given regular files. */
  static byte[] tarGz(Map<String, byte[]> files) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(header("cifar-10-batches-bin/", 0, '5'));
      for (Map.Entry<String, byte[]> f : new java.util.TreeMap<>(files).entrySet()) {
        out.write(header(f.getKey(), f.getValue().length, '0'));
        out.write(f.getValue());
        out.write(new byte[(512 - f.getValue().length % 512) % 512]);
      }
      out.write(new byte[1024]);
    }
    return bytes.toByteArray();
  }

  private static byte[] header(String name, long size, char type) {
    byte[] h = new byte[512];
    put(h, 0, name);
    put(h, 100, "0000644");
    put(h, 124, String.format("%011o", size));
    put(h, 136, String.format("%011o", 0));
    h[156] = (byte) type;
    put(h, 257, "ustar");
    put(h, 263, "00");
    for (int i = 148; i < 156; i++) h[i] = ' ';
    int sum = 0;
    for (byte b : h) sum += b & 0xff;
    put(h, 148, String.format("%06o", sum));
    h[154] = 0;
    return h;
  }

  private static void put(byte[] h, int off, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, off, b.length);
  }
}
