package dev.trainer.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The two batch scripts of a sweep on Slurm ({@code trainer sweep FILE --slurm}).
 *
 * <p>{@code array.sbatch}: one array task per run not yet ended; task {@code I} runs
 * {@code trainer sweep FILE --task I} in the directory the sweep was submitted from, so relative
 * paths (the sweep file, its base config, {@code data.dir}, {@code --out}) mean what they meant there
 * (a filesystem shared by all nodes is assumed). Slurm sends USR1 to the batch shell
 * {@value #WARN_SECONDS} s before the time limit ({@code --signal=B:USR1@…}); the shell passes it to
 * the trainer, which finishes its step, writes {@code last.ckpt} and exits with
 * {@code interruptedStatus}; the shell then requeues the task ({@code --requeue}), and its next attempt
 * resumes from the checkpoint. TERM (preemption, {@code scontrol requeue}, {@code scancel}) reaches
 * the trainer from Slurm directly, which signals every process of the task; the shell only waits, and
 * Slurm decides whether that attempt is requeued.
 *
 * <p>{@code summary.sbatch}: {@code trainer sweep FILE --summary}, submitted with
 * {@code --dependency=afterany:<array job>}.
 *
 * @param jobName Slurm job name of the array (the summary job adds {@code -summary})
 * @param launcher command that starts the trainer, absolute paths
 * @param workDir absolute directory the tasks run in (where the sweep was submitted)
 * @param sweepArgs the arguments after {@code sweep} common to tasks and summary: file, --out, overrides
 * @param slurmDir absolute {@code OUT/slurm}, where the logs go
 * @param tasks run indices that get an array task
 * @param concurrent at most this many tasks at a time ({@code %K}); 0 for no cap
 * @param cpus {@code --cpus-per-task} of a task
 * @param mem {@code --mem} of a task
 * @param time {@code --time} of a task
 * @param extra further sbatch options for both jobs ({@code --partition=gpu})
 * @param interruptedStatus the trainer's exit status after a signal made it write its checkpoint
 */
public record SlurmScripts(String jobName, List<String> launcher, Path workDir, List<String> sweepArgs, Path slurmDir,
    List<Integer> tasks, int concurrent, int cpus, String mem, String time, List<String> extra, int interruptedStatus) {
  /** Seconds between the warning signal and the time limit. */
  public static final int WARN_SECONDS = 120;
  /** Resources of the summary job (it only reads CSV files and draws two PNGs). */
  static final String SUMMARY_MEM = "2G";
  static final String SUMMARY_TIME = "01:00:00";

  /** The array script. */
  public String array() {
    List<String> lines = new ArrayList<>();
    lines.add("#!/bin/bash");
    lines.add("# Sweep " + sweepArgs.get(0) + " on Slurm, written by 'trainer sweep --slurm': array task I trains");
    lines.add("# run I ('trainer sweep FILE --list' shows them). Submit: sbatch " + slurmDir.resolve("array.sbatch"));
    lines.add("#SBATCH --job-name=" + jobName);
    lines.add("#SBATCH --array=" + arraySpec(tasks, concurrent));
    lines.add("#SBATCH --cpus-per-task=" + cpus);
    lines.add("#SBATCH --mem=" + mem);
    lines.add("#SBATCH --time=" + time);
    lines.add("#SBATCH --chdir=" + workDir);
    lines.add("#SBATCH --output=" + slurmDir.resolve("task-%a.log"));
    lines.add("#SBATCH --open-mode=append");
    lines.add("#SBATCH --requeue");
    lines.add("#SBATCH --signal=B:USR1@" + WARN_SECONDS);
    for (String o : extra) lines.add("#SBATCH " + o);
    lines.add("");
    lines.add("echo \"== task $SLURM_ARRAY_TASK_ID of job $SLURM_ARRAY_JOB_ID, attempt $(( ${SLURM_RESTART_COUNT:-0} + 1 )),"
        + " on $(hostname) at $(date -u +%FT%TZ)\"");
    lines.add(command(List.of("--task", "$SLURM_ARRAY_TASK_ID")) + " &");
    lines.add("pid=$!");
    lines.add("# On USR1 (sent to this shell only, " + WARN_SECONDS + " s before the time limit) or TERM (sent by Slurm to every");
    lines.add("# process of the task: preemption, requeue, cancel) the trainer finishes its step, writes last.ckpt");
    lines.add("# and exits with status " + interruptedStatus + "; after USR1 this task then requeues itself. A second signal");
    lines.add("# would stop the trainer at once, so TERM is not passed on.");
    lines.add("warned=0");
    lines.add("trap 'warned=1; kill -USR1 \"$pid\" 2>/dev/null' USR1");
    lines.add("trap ':' TERM");
    lines.add("while :; do");
    lines.add("  wait \"$pid\"; status=$?");
    lines.add("  kill -0 \"$pid\" 2>/dev/null || break    # wait returned for a signal: the trainer still runs");
    lines.add("done");
    lines.add("if [[ $status -eq " + interruptedStatus + " && $warned -eq 1 ]]; then");
    lines.add("  echo \"== checkpoint written; requeueing ${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}\"");
    lines.add("  scontrol requeue \"${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}\"");
    lines.add("fi");
    lines.add("exit $status");
    return String.join("\n", lines) + "\n";
  }

  /** The summary script. */
  public String summary() {
    List<String> lines = new ArrayList<>();
    lines.add("#!/bin/bash");
    lines.add("# Summary of sweep " + sweepArgs.get(0) + ", written by 'trainer sweep --slurm': summary.csv, summary.md");
    lines.add("# and the plots from the run directories, once every array task has ended (--dependency=afterany).");
    lines.add("#SBATCH --job-name=" + jobName + "-summary");
    lines.add("#SBATCH --cpus-per-task=1");
    lines.add("#SBATCH --mem=" + SUMMARY_MEM);
    lines.add("#SBATCH --time=" + SUMMARY_TIME);
    lines.add("#SBATCH --chdir=" + workDir);
    lines.add("#SBATCH --output=" + slurmDir.resolve("summary.log"));
    lines.add("#SBATCH --open-mode=append");
    for (String o : extra) lines.add("#SBATCH " + o);
    lines.add("");
    lines.add("exec " + command(List.of("--summary")));
    return String.join("\n", lines) + "\n";
  }

  /** {@code trainer sweep ARGS… MORE…}, quoted for bash ({@code $VARIABLES} in {@code more} expand). */
  private String command(List<String> more) {
    List<String> words = new ArrayList<>();
    for (String w : launcher) words.add(quote(w));
    words.add("sweep");
    for (String w : sweepArgs) words.add(quote(w));
    for (String w : more) words.add(w.startsWith("$") ? "\"" + w + "\"" : quote(w));
    return String.join(" ", words);
  }

  /** Indices as Slurm's array syntax, consecutive ones as ranges: {@code 0-3,5,7-9%4}. */
  public static String arraySpec(List<Integer> indices, int concurrent) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < indices.size(); ) {
      int j = i;
      while (j + 1 < indices.size() && indices.get(j + 1) == indices.get(j) + 1) j++;
      parts.add(i == j ? String.valueOf(indices.get(i)) : indices.get(i) + "-" + indices.get(j));
      i = j + 1;
    }
    return parts.stream().collect(Collectors.joining(",")) + (concurrent > 0 ? "%" + concurrent : "");
  }

  /** {@code word} as one bash word: unchanged when it is plain, else in single quotes. */
  static String quote(String word) {
    if (!word.isEmpty() && word.matches("[A-Za-z0-9_./=,:@%+-]+")) return word;
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
