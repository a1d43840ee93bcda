package dev.trainer.train;

import dev.trainer.UserError;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Whole-file writes that a kill at any instruction (or a full disk) cannot leave half done: the
 * content goes to {@code NAME.tmp} in the same directory, is forced to the disk, and is then
 * renamed over {@code NAME}; the directory is forced too, so that the rename survives a power
 * loss. A reader sees the old file or the new one, never a mix. A failed write removes the
 * temporary file, keeps the old file, and is a {@link UserError} naming the file (exit status 1).
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes the bytes that {@code body} produces. */
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  public static void write(Path file, String text) {
    write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }

  public static void write(Path file, Body body) {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        OutputStream out = Channels.newOutputStream(ch);
        body.writeTo(out);
        out.flush();
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      syncDirectory(file);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // The write already failed; that is the error to report.
      }
      throw cannotWrite(file, e);
    }
  }

  /** Forces the directory entry of {@code file} (its creation or rename) to the disk. */
  static void syncDirectory(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some file systems cannot open or force a directory; the rename itself is done.
    }
  }

  /** "FILE: cannot write (No space left on device)", exit status 1. */
  public static UserError cannotWrite(Path file, IOException e) {
    return new UserError(file + ": cannot write (" + reason(e) + ")", 1, e);
  }

  /** The operating system's reason without the file name that {@link FileSystemException} repeats. */
  public static String reason(IOException e) {
    if (e instanceof AccessDeniedException) return "permission denied";
    if (e instanceof NoSuchFileException) return "no such file or directory";
    if (e instanceof NotDirectoryException) return "not a directory";
    if (e instanceof FileAlreadyExistsException) return "a file of that name exists";
    if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }
}
