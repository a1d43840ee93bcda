package dev.trainer.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where a sweep run stands, read from its directory (shown by {@code trainer sweep --list}):
 *
 * <ul>
 *   <li>{@code finished} / {@code diverged}: {@code result.txt} says so (the run ended);
 *   <li>{@code running}: {@code running.txt} names a process that is still alive;
 *   <li>{@code failed}: {@code failed.txt} holds the error that stopped it (the next attempt retries);
 *   <li>{@code pending}: none of these; it resumes from {@code last.ckpt} if it has one.
 * </ul>
 *
 * <p>{@code running.txt} is written when a process starts the run and removed when it stops, also
 * after a signal. A process killed outright leaves it behind; it counts as running only while its
 * process may still be alive: not when it names an earlier attempt of the current Slurm job, nor a
 * dead process on this host, nor a Slurm job that {@code squeue} no longer lists.
 */
public enum RunStatus {
  PENDING, RUNNING, FINISHED, DIVERGED, FAILED;

  static final String RUNNING_MARKER = "running.txt";
  static final String FAILED_MARKER = "failed.txt";

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The status of the run in {@code dir}. */
  public static RunStatus of(Path dir) {
    if (RunResult.ended(dir)) {
      return read(dir.resolve(RunResult.MARKER)).getOrDefault("status", "").equals("diverged") ? DIVERGED : FINISHED;
    }
    if (runningElsewhere(dir) != null) return RUNNING;
    return Files.exists(dir.resolve(FAILED_MARKER)) ? FAILED : PENDING;
  }

  /**
   * A description of the live process that holds the run in {@code dir} ({@code host 4711, Slurm
   * job 12_3}), or null when no process (other than this one) may be running it.
   */
  public static String runningElsewhere(Path dir) {
    Path file = dir.resolve(RUNNING_MARKER);
    if (!Files.exists(file)) return null;
    Map<String, String> m = read(file);
    String host = m.getOrDefault("host", "");
    long pid = parse(m.getOrDefault("pid", ""));
    String job = m.getOrDefault("slurm_job", "");
    String who = host + " pid " + pid + (job.isEmpty() ? "" : ", Slurm job " + job);
    if (!job.isEmpty() && job.equals(slurmJob())) return null;            // an earlier attempt of this task
    if (host.equals(hostName())) {
      if (pid == ProcessHandle.current().pid()) return null;
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) ? who : null;
    }
    if (!job.isEmpty()) {
      Boolean listed = squeueLists(job);
      if (listed != null && !listed) return null;
    }
    return who;
  }

  /** Marks the run in {@code dir} as running in this process (and no longer failed). */
  static void markRunning(Path dir) throws IOException {
    Files.deleteIfExists(dir.resolve(FAILED_MARKER));
    String text = "host = " + hostName() + "\npid = " + ProcessHandle.current().pid() + "\nslurm_job = " + slurmJob()
        + "\nstarted = " + Instant.now() + "\n";
    Files.writeString(dir.resolve(RUNNING_MARKER), text, StandardCharsets.UTF_8);
  }

  /** The run in {@code dir} no longer runs in this process. */
  static void clearRunning(Path dir) throws IOException {
    Files.deleteIfExists(dir.resolve(RUNNING_MARKER));
  }

  /** Marks the run in {@code dir} as failed with {@code message} (the next attempt retries it). */
  static void markFailed(Path dir, String message) throws IOException {
    Files.writeString(dir.resolve(FAILED_MARKER), "message = " + String.valueOf(message).replaceAll("[\r\n]", " ") + "\n",
        StandardCharsets.UTF_8);
  }

  /** The failure message of a failed run, or "". */
  public static String failure(Path dir) {
    Path file = dir.resolve(FAILED_MARKER);
    return Files.exists(file) ? read(file).getOrDefault("message", "") : "";
  }

  /** {@code JOBID_TASK} of the Slurm array task this process runs in, the job id outside arrays, or "". */
  static String slurmJob() {
    String array = System.getenv("SLURM_ARRAY_JOB_ID");
    String task = System.getenv("SLURM_ARRAY_TASK_ID");
    if (array != null && task != null) return array + "_" + task;
    String job = System.getenv("SLURM_JOB_ID");
    return job == null ? "" : job;
  }

  /** This machine's host name (the kernel's, so no name lookup can hang). */
  public static String hostName() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (IOException e2) {
        return "localhost";
      }
    }
  }

  /** Whether {@code squeue} lists the job (pending, running, completing); null if it cannot tell. */
  private static Boolean squeueLists(String job) {
    try {
      Process p = new ProcessBuilder(List.of("squeue", "-h", "-o", "%T", "-j", job)).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      if (p.exitValue() != 0) return out.contains("Invalid job id") ? Boolean.FALSE : null;
      return !out.isEmpty();
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static long parse(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Map<String, String> read(Path file) {
    Map<String, String> values = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        int eq = line.indexOf('=');
        if (eq > 0) values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    } catch (java.nio.file.NoSuchFileException e) {
      return values;                                                        // removed while we looked
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return values;
  }
}
