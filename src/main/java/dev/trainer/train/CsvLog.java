package dev.trainer.train;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * An append-only CSV file (commons-csv) whose first column is the iteration. Every row is flushed
 * at once, so a crash loses nothing written so far. On resume, rows after the checkpoint's
 * iteration are dropped so that a resumed run's file equals an uninterrupted run's; the kept rows
 * go to a new file that replaces the old one by a rename, so a kill during that rewrite leaves the
 * old file whole. A failed write is an error naming the file (exit status 1).
 */
public final class CsvLog implements Closeable {
  private final Path file;
  private final FileChannel channel;
  private final CSVPrinter printer;

  /** {@code keepUpToIteration} that keeps every existing row (a new run, or a summary file). */
  public static final int KEEP_ALL = -1;
  /** {@code keepUpToIteration} that removes every existing row (a run started over from iteration 0). */
  public static final int DROP_ALL = Integer.MIN_VALUE;

  /**
   * Opens {@code file} for appending; writes the header if the file is new. Unless
   * {@code keepUpToIteration} is {@link #KEEP_ALL}, existing rows with a larger iteration are removed first.
   */
  public CsvLog(Path file, int keepUpToIteration, String... header) throws IOException {
    this.file = file;
    try {
      boolean exists = Files.exists(file) && Files.size(file) > 0;
      if (exists && keepUpToIteration != KEEP_ALL) truncate(file, keepUpToIteration, header);
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      Writer w = new BufferedWriter(Channels.newWriter(channel, StandardCharsets.UTF_8));
      CSVFormat format = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();
      printer = new CSVPrinter(w, format);
      if (!exists) printer.printRecord((Object[]) header);
      printer.flush();
    } catch (IOException e) {
      throw AtomicFiles.cannotWrite(file, e);
    }
  }

  /** Appends a row; doubles are written with {@link #num}. */
  public void row(Object... values) {
    try {
      List<String> cells = new ArrayList<>(values.length);
      for (Object v : values) cells.add(v instanceof Double d ? num(d) : v instanceof Float f ? num(f) : String.valueOf(v));
      printer.printRecord(cells);
      printer.flush();
    } catch (IOException e) {
      throw AtomicFiles.cannotWrite(file, e);
    }
  }

  /** Forces the rows written so far to the disk (before a checkpoint that counts them as written). */
  public void sync() {
    try {
      channel.force(false);
    } catch (IOException e) {
      throw AtomicFiles.cannotWrite(file, e);
    }
  }

  /** Fixed, locale-independent formatting: 6 significant digits, empty for NaN (no value). */
  public static String num(double v) {
    if (Double.isNaN(v)) return "";
    return String.format(Locale.ROOT, "%.6g", v);
  }

  /**
   * Rewrites {@code file} with the header and the complete rows up to {@code keepUpTo}. A process
   * killed while writing leaves rows after the checkpoint, possibly the last one cut short: those
   * are dropped, as is any line that is not a row of this file's shape.
   */
  private static void truncate(Path file, int keepUpTo, String[] header) throws IOException {
    String[] lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n", -1);
    StringBuilder b = new StringBuilder(String.join(",", header)).append('\n');
    for (int i = 1; i < lines.length; i++) {
      List<String> cells = cells(lines[i]);
      if (cells.size() == header.length && iteration(cells.get(0)) <= keepUpTo) b.append(lines[i]).append('\n');
    }
    AtomicFiles.write(file, b.toString());
  }

  /** The cells of one CSV line, or none if it is not valid CSV. */
  private static List<String> cells(String line) {
    try (CSVParser p = CSVParser.parse(line, CSVFormat.DEFAULT)) {
      List<CSVRecord> records = p.getRecords();
      return records.size() == 1 ? records.get(0).toList() : List.of();
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      return List.of();
    }
  }

  private static long iteration(String cell) {
    try {
      return Long.parseLong(cell);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      printer.close();
    } catch (IOException e) {
      throw AtomicFiles.cannotWrite(file, e);
    }
  }
}
