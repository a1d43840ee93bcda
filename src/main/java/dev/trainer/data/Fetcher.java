package dev.trainer.data;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Downloads (or imports) a data set's published files and checks their MD5s.
 *
 * <p>Every file is written to {@code NAME.part} and renamed only after its checksum matches, so a
 * partial or corrupt download never looks complete; a left-over {@code .part} is simply redone. A
 * {@code .gz} file is kept as is (the idx loader reads gzip). A {@code .tar.gz} archive is unpacked
 * flat into the folder (each member again through {@code .part}) and then a manifest
 * {@code ARCHIVE.verified} lists the MD5 of every member; files already present and matching their
 * published (or manifest) MD5 are skipped, so fetching again is safe. The published MD5s are those
 * of the files as distributed (the {@code .gz} and {@code .tar.gz} themselves, not their contents):
 * an original file imported with {@code --from} verifies, a re-compressed copy does not. A fetch
 * that fails removes its {@code .part} file, and the folder if it created it and it is empty.
 */
public final class Fetcher {
  /** One published file: its name, MD5, and whether it is a tar.gz to unpack. */
  public record RemoteFile(String name, String md5, boolean unpack) {}

  /** Where a data set's files live. */
  public record Source(String baseUrl, List<RemoteFile> files) {}

  /** The official locations and MD5s of the data sets {@code trainer data fetch} knows. */
  public static Map<String, Source> official() {
    Map<String, Source> m = new LinkedHashMap<>();
    m.put("cifar10", new Source("https://www.cs.toronto.edu/~kriz/",
        List.of(new RemoteFile("cifar-10-binary.tar.gz", "c32a1d4ab5d03f1284b67883e8d87530", true))));
    m.put("cifar100", new Source("https://www.cs.toronto.edu/~kriz/",
        List.of(new RemoteFile("cifar-100-binary.tar.gz", "03b5dce01913d631647c71ecec9e9cb8", true))));
    m.put("mnist", new Source("https://ossci-datasets.s3.amazonaws.com/mnist/", List.of(
        new RemoteFile("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873", false),
        new RemoteFile("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432", false),
        new RemoteFile("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3", false),
        new RemoteFile("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c", false))));
    m.put("fashion-mnist", new Source("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/", List.of(
        new RemoteFile("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d", false),
        new RemoteFile("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe", false),
        new RemoteFile("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79", false),
        new RemoteFile("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310", false))));
    return m;
  }

  private final Map<String, Source> catalogue;
  private final PrintStream log;

  /** @param log progress and one line per file (stderr in the CLI) */
  public Fetcher(Map<String, Source> catalogue, PrintStream log) {
    this.catalogue = catalogue;
    this.log = log;
  }

  /**
   * Makes the files of {@code set} present and verified in {@code dir}.
   *
   * @param from a local file or folder, or a URL, to take the files from instead of the base URL;
   *     null for the default
   * @param baseUrl overrides the source's base URL (mirrors, tests); null for the default
   * @return the names of the files that were downloaded or imported (skipped ones are not listed)
   */
  public List<String> fetch(String set, Path dir, String from, String baseUrl) {
    Source source = catalogue.get(set);
    if (source == null) {
      throw new DataException("fetch " + set, "unknown data set (known: " + String.join(", ", catalogue.keySet()) + ")");
    }
    boolean created = !Files.exists(dir);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new DataException(dir, "cannot create folder: " + e.getMessage());
    }
    List<String> fetched = new ArrayList<>();
    try {
      for (RemoteFile f : source.files()) {
        if (complete(dir, f)) {
          log.println(f.name() + ": present and verified, skipped");
          continue;
        }
        URL url = locate(f, source, from, baseUrl);
        Path part = dir.resolve(f.name() + ".part");
        download(url, part, f, from != null);
        if (f.unpack()) {
          unpack(part, dir, f);
        } else {
          move(part, dir.resolve(f.name()));
        }
        fetched.add(f.name());
      }
    } catch (RuntimeException e) {
      // A fetch that fails before anything is kept (offline, wrong --from) leaves no empty folder
      // that would later pass for a data set.
      if (created) deleteIfEmpty(dir);
      throw e;
    }
    return fetched;
  }

  private static void deleteIfEmpty(Path dir) {
    try (var files = Files.list(dir)) {
      if (files.findAny().isEmpty()) Files.delete(dir);
    } catch (IOException e) {
      // Leave it: the message of the failure that brought us here matters more.
    }
  }

  private boolean complete(Path dir, RemoteFile f) {
    if (!f.unpack()) {
      Path file = dir.resolve(f.name());
      return Files.isRegularFile(file) && f.md5().equals(md5(file));
    }
    Path manifest = dir.resolve(f.name() + ".verified");
    if (!Files.isRegularFile(manifest)) return false;
    try (BufferedReader r = Files.newBufferedReader(manifest)) {
      String first = r.readLine();
      if (first == null || !first.equals(f.md5() + "  " + f.name())) return false;
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] parts = line.split("  ", 2);
        Path member = dir.resolve(parts[1]);
        if (!Files.isRegularFile(member) || !parts[0].equals(md5(member))) return false;
      }
      return true;
    } catch (IOException | ArrayIndexOutOfBoundsException e) {
      return false;
    }
  }

  private URL locate(RemoteFile f, Source source, String from, String baseUrl) {
    try {
      if (from == null) {
        String base = baseUrl != null ? baseUrl : source.baseUrl();
        return new URI(base.endsWith("/") ? base + f.name() : base + "/" + f.name()).toURL();
      }
      if (from.contains("://")) {
        if (from.endsWith("/")) return new URI(from + f.name()).toURL();
        if (from.endsWith("/" + f.name()) || source.files().size() == 1) return new URI(from).toURL();
        throw new DataException("--from " + from, "does not name " + f.name());
      }
      Path p = Path.of(from);
      if (Files.isDirectory(p)) {
        p = p.resolve(f.name());
        if (!Files.isRegularFile(p)) {
          throw new DataException(p, "file not found; --from needs the files as distributed (for files you "
              + "already unpacked no fetch is needed: set data.dir to their folder)");
        }
      } else if (!p.getFileName().toString().equals(f.name()) && source.files().size() > 1) {
        throw new DataException("--from " + from, "is not " + f.name() + "; give the folder holding all files");
      }
      if (!Files.isRegularFile(p)) throw new DataException(p, "file not found");
      return p.toUri().toURL();
    } catch (URISyntaxException | IOException | IllegalArgumentException e) {
      throw new DataException("--from/--base-url", "bad location for " + f.name() + ": " + e.getMessage());
    }
  }

  /** @param local the file comes from {@code --from}, a copy the user made */
  private void download(URL url, Path part, RemoteFile f, boolean local) {
    MessageDigest md5 = newMd5();
    try {
      URLConnection conn = url.openConnection();
      conn.setConnectTimeout(30_000);
      conn.setReadTimeout(60_000);
      long total = conn.getContentLengthLong();
      try (InputStream in = new DigestInputStream(conn.getInputStream(), md5);
          OutputStream out = Files.newOutputStream(part)) {
        copyWithProgress(in, out, total, f.name());
      }
    } catch (FileNotFoundException e) {
      deleteQuietly(part);
      throw new DataException(url.toString(), "not found");
    } catch (IOException e) {
      deleteQuietly(part);
      throw new DataException(url.toString(), "download failed: " + e.getMessage());
    }
    String got = HexFormat.of().formatHex(md5.digest());
    if (!got.equals(f.md5())) {
      deleteQuietly(part);
      String why = local
          ? "; the published MD5 is of the distributed " + f.name() + " byte for byte, so a decompressed, "
              + "re-compressed or re-packed copy fails even with the same content: use the original file"
          : " (corrupt download or wrong file)";
      throw new DataException(url.toString(), "MD5 " + got + " does not match the published " + f.md5()
          + " of " + f.name() + why + "; nothing was kept");
    }
  }

  private void copyWithProgress(InputStream in, OutputStream out, long total, String name) throws IOException {
    byte[] buf = new byte[1 << 16];
    long done = 0;
    long nextReport = 0;
    for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
      out.write(buf, 0, n);
      done += n;
      if (done >= nextReport) {
        log.print("\r" + name + ": " + (total > 0 ? String.format("%3d%% of %.1f MB", 100 * done / total, total / 1e6)
            : String.format("%.1f MB", done / 1e6)));
        log.flush();
        nextReport = done + Math.max(1 << 20, total / 50);
      }
    }
    log.println("\r" + name + ": " + String.format("%.1f MB", done / 1e6) + " received, checking MD5");
  }

  /** Unpacks the verified archive {@code part} flat into {@code dir}, then writes its manifest. */
  private void unpack(Path part, Path dir, RemoteFile f) {
    List<String> manifest = new ArrayList<>();
    manifest.add(f.md5() + "  " + f.name());
    try (InputStream in = new GZIPInputStream(Files.newInputStream(part), 1 << 16)) {
      Tar.read(in, (name, size, member) -> {
        String base = name.substring(name.lastIndexOf('/') + 1);
        if (base.isEmpty() || base.startsWith(".")) return;
        Path target = dir.resolve(base);
        Path tmp = dir.resolve(base + ".part");
        MessageDigest md5 = newMd5();
        try (OutputStream out = Files.newOutputStream(tmp)) {
          new DigestInputStream(member, md5).transferTo(out);
        }
        move(tmp, target);
        manifest.add(HexFormat.of().formatHex(md5.digest()) + "  " + base);
        log.println("  " + base + " (" + size + " bytes)");
      });
    } catch (IOException e) {
      throw new DataException(part, "cannot unpack: " + e.getMessage());
    }
    Path list = dir.resolve(f.name() + ".verified");
    Path tmp = dir.resolve(f.name() + ".verified.part");
    try {
      Files.write(tmp, manifest, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DataException(tmp, "cannot write: " + e.getMessage());
    }
    move(tmp, list);
    deleteQuietly(part);
  }

  private static void move(Path from, Path to) {
    try {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new DataException(to, "cannot rename " + from.getFileName() + ": " + e.getMessage());
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // Only a left-over .part; the next fetch overwrites it.
    }
  }

  /** MD5 (hex) of a file's bytes. */
  static String md5(Path file) {
    MessageDigest md5 = newMd5();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), md5)) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new DataException(file, "cannot read: " + e.getMessage());
    }
    return HexFormat.of().formatHex(md5.digest());
  }

  private static MessageDigest newMd5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
