package dev.trainer.train;

import dev.trainer.UserError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * Exclusive use of a run or sweep directory by one process: an operating-system lock
 * ({@link FileChannel#tryLock}) on the file {@code .lock} in it, which holds the owner's pid. A
 * second {@code trainer} on the same directory stops with one line naming that pid instead of
 * interleaving its rows with the first one's. The lock dies with its process, so the
 * {@code .lock} file that a killed run leaves behind blocks nothing.
 *
 * <p>Taking the lock creates the directory; if it was new and nothing but the lock file was
 * written into it (the command failed during setup), {@link #close()} removes it again.
 */
public final class DirectoryLock implements AutoCloseable {
  public static final String FILE = ".lock";
  private final Path dir;
  private final boolean created;
  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(Path dir, boolean created, FileChannel channel, FileLock lock) {
    this.dir = dir;
    this.created = created;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Creates {@code dir} if needed and locks it. An empty path, or a path where a file is, is an
   * error naming it (exit status 2); a directory that cannot be created or written (permissions,
   * a read-only or full disk) exit status 1; a directory another process holds, exit status 1.
   */
  public static DirectoryLock acquire(Path dir) {
    if (dir.toString().isEmpty()) throw new UserError("--out \"\": an empty path is not a directory; give a directory name", 2);
    boolean created = !Files.isDirectory(dir);
    try {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException | NotDirectoryException e) {
      throw new UserError(dir + ": not a directory (a file of that name is in the way)", 2);
    } catch (IOException e) {
      throw new UserError(dir + ": cannot create the directory (" + AtomicFiles.reason(e) + ")", reasonIsPath(e) ? 2 : 1);
    }
    Path file = dir.resolve(FILE);
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw AtomicFiles.cannotWrite(file, e);
    }
    try {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // this process already holds it (another job of the same sweep)
      }
      if (lock == null) {
        String holder = holder(channel);
        channel.close();
        throw new UserError(dir + " is in use by another trainer process (pid " + holder
            + "); wait for it to end or choose another directory", 1);
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
      return new DirectoryLock(dir, created, channel, lock);
    } catch (IOException e) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Reporting the first failure.
      }
      throw AtomicFiles.cannotWrite(file, e);
    }
  }

  /** "Not a directory" from the OS: a component of the path is a file. */
  private static boolean reasonIsPath(IOException e) {
    return "Not a directory".equals(AtomicFiles.reason(e));
  }

  private static String holder(FileChannel channel) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(32);
    channel.read(b, 0);
    String pid = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).strip();
    return pid.matches("\\d+") ? pid : "unknown";
  }

  /** Releases the lock; removes the directory again if this lock created it and it holds nothing else. */
  @Override
  public void close() throws IOException {
    try {
      if (created && onlyLockFile()) {
        Files.deleteIfExists(dir.resolve(FILE));
        Files.deleteIfExists(dir);
      }
    } finally {
      lock.release();
      channel.close();
    }
  }

  private boolean onlyLockFile() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.allMatch(p -> p.getFileName().toString().equals(FILE));
    }
  }
}
