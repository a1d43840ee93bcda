package dev.trainer.data;

import dev.trainer.config.Suggest;
import dev.trainer.tensor.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A table of numeric features and an integer class label, one example per row (comma-separated,
 * read with commons-csv; a UTF-8 byte-order mark is skipped). The label column is named by its
 * header name, its 0-based index or {@code last}; the features are the listed columns, or every
 * other column, taken as is (no scaling); the per-example shape is [F]. Labels are integers in
 * [0, classes); with {@code classes = 0} the number of classes is the largest label of the training
 * and test files + 1. Every bad cell, row or file is one {@link DataException} naming
 * {@code file:line}: a non-numeric, NaN or infinite feature, a row with another number of columns,
 * a label that is not an integer in range, an empty file or one with no data rows.
 */
public final class CsvDataset {
  /** A decimal number as written in a table: no Java suffixes (1f), hex floats, NaN or Infinity. */
  private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  /**
   * How to read the files (the {@code [data]} keys of {@code set = csv}).
   *
   * @param header whether the first line names the columns
   * @param labelColumn the label column: its header name, its 0-based index or {@code last}
   * @param featureColumns names or 0-based indices of the feature columns, comma-separated; empty
   *     for every column but the label
   * @param classes number of classes, or 0 to infer it from the labels
   */
  public record Format(boolean header, String labelColumn, String featureColumns, int classes) {
    public static final Format DEFAULT = new Format(true, "last", "", 0);
  }

  /** The rows of one file. */
  private record Table(float[] x, int[] y, int features, int maxLabel) {}

  private CsvDataset() {}

  /** The training and test files of a CSV data set, with the same features and classes. */
  public static DataSets.Splits loadSplits(String name, Path trainFile, Path testFile, Format format) {
    Table train = read(trainFile, format);
    Table test = read(testFile, format);
    if (train.features != test.features) {
      throw new DataException(testFile, test.features + " feature columns, but " + trainFile + " has " + train.features);
    }
    int classes = format.classes() > 0 ? format.classes() : Math.max(train.maxLabel, test.maxLabel) + 1;
    return new DataSets.Splits(dataset(name + "/train", train, classes), dataset(name + "/test", test, classes));
  }

  /** One file as a data set ({@code classes = 0}: the largest label + 1). */
  public static Dataset load(String name, Path file, Format format) {
    Table t = read(file, format);
    return dataset(name, t, format.classes() > 0 ? format.classes() : t.maxLabel + 1);
  }

  /** One file with the label column, no feature list. */
  public static Dataset load(String name, Path file, String labelColumn, boolean header, int classes) {
    return load(name, file, new Format(header, labelColumn, "", classes));
  }

  private static Dataset dataset(String name, Table t, int classes) {
    return new Dataset(name, t.x, t.y, Shape.of(t.features), classes, null);
  }

  private static Table read(Path file, Format format) {
    CSVFormat csv = CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(true).setTrim(true).get();
    List<float[]> rows = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    int[] columns = null;
    int labelIndex = -1;
    int width = -1;
    long lastLine = 1;
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      if (text.startsWith("\uFEFF")) text = text.substring(1);
      if (text.isBlank()) throw new DataException(file + ":1", "empty file: no header and no rows");
      int[] lineStarts = lineStarts(text);
      for (CSVRecord rec : CSVParser.parse(text, csv)) {
        long line = lineOf(text, lineStarts, rec.getCharacterPosition());
        lastLine = line;
        if (columns == null) {
          width = rec.size();
          List<String> names = format.header() ? rec.toList() : null;
          labelIndex = column(file, names, width, format.labelColumn(), "label column");
          columns = featureColumns(file, names, width, labelIndex, format.featureColumns());
          if (format.header()) continue;
        }
        if (rec.size() != width) {
          throw new DataException(file + ":" + line, rec.size() + " columns, expected " + width);
        }
        float[] f = new float[columns.length];
        for (int j = 0; j < columns.length; j++) f[j] = number(file, line, columns[j], rec.get(columns[j]));
        labels.add(label(file, line, rec.get(labelIndex), format.classes()));
        rows.add(f);
      }
    } catch (NoSuchFileException e) {
      throw new DataException(file, "file not found");
    } catch (IOException | UncheckedIOException e) {
      throw new DataException(file, "cannot read CSV: " + e.getMessage());
    }
    if (rows.isEmpty()) throw new DataException(file + ":" + (lastLine + 1), "no data rows after the header");
    int features = columns.length;
    float[] x = new float[rows.size() * features];
    int[] y = new int[rows.size()];
    int maxLabel = 0;
    for (int i = 0; i < y.length; i++) {
      System.arraycopy(rows.get(i), 0, x, i * features, features);
      y[i] = labels.get(i);
      maxLabel = Math.max(maxLabel, y[i]);
    }
    return new Table(x, y, features, maxLabel);
  }

  /** Character offset at which each line starts. */
  private static int[] lineStarts(String text) {
    int[] starts = new int[16];
    int n = 0;
    starts[n++] = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        if (n == starts.length) starts = Arrays.copyOf(starts, 2 * n);
        starts[n++] = i + 1;
      }
    }
    return Arrays.copyOf(starts, n);
  }

  /** 1-based line number of the record starting at {@code offset}, after any skipped blank lines. */
  private static long lineOf(String text, int[] lineStarts, long offset) {
    int at = (int) offset;
    while (at < text.length() && (text.charAt(at) == '\n' || text.charAt(at) == '\r')) at++;
    int i = Arrays.binarySearch(lineStarts, at);
    return (i >= 0 ? i : -i - 2) + 1;
  }

  /**
   * The 0-based index of the column {@code spec}: a header name, an index or {@code last}.
   *
   * @param names the header, or null without one
   */
  private static int column(Path file, List<String> names, int width, String spec, String what) {
    String s = spec.trim();
    if (s.equals("last")) return width - 1;
    if (names != null && names.contains(s)) return names.indexOf(s);
    if (s.matches("\\d+")) {
      int c = Integer.parseInt(s);
      if (c < width) return c;
      throw new DataException(file + ":1", what + " " + c + " but the file has only " + width + " columns (0.." + (width - 1) + ")");
    }
    if (names == null) {
      throw new DataException(file + ":1", "without a header the " + what + " must be a 0-based index or 'last', not '" + s + "'");
    }
    throw new DataException(file + ":1", "no column named '" + s + "' in the header" + Suggest.didYouMean(s, names));
  }

  /** The feature columns: those listed in {@code spec}, or all but the label. */
  private static int[] featureColumns(Path file, List<String> names, int width, int labelIndex, String spec) {
    if (spec.isBlank()) {
      if (width < 2) throw new DataException(file + ":1", "only one column: no features besides the label");
      int[] all = new int[width - 1];
      for (int c = 0, j = 0; c < width; c++) if (c != labelIndex) all[j++] = c;
      return all;
    }
    String[] parts = spec.split(",");
    int[] cols = new int[parts.length];
    for (int j = 0; j < parts.length; j++) {
      cols[j] = column(file, names, width, parts[j], "feature column");
      if (cols[j] == labelIndex) {
        throw new DataException(file + ":1", "feature column '" + parts[j].trim() + "' is the label column");
      }
    }
    return cols;
  }

  private static float number(Path file, long line, int column, String s) {
    if (NUMBER.matcher(s).matches()) {
      float v = Float.parseFloat(s);
      if (Float.isFinite(v)) return v;
      throw new DataException(file + ":" + line, "column " + (column + 1) + " is '" + s + "', beyond float range");
    }
    throw new DataException(file + ":" + line, "column " + (column + 1) + " is '" + s + "', not a finite number");
  }

  private static int label(Path file, long line, String s, int classes) {
    int y;
    try {
      y = Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new DataException(file + ":" + line, "label '" + s + "' is not an integer");
    }
    if (y < 0 || (classes > 0 && y >= classes)) {
      throw new DataException(file + ":" + line, "label " + y + " is not in 0.." + (classes > 0 ? classes - 1 : "∞")
          + (classes > 0 ? " (data.classes = " + classes + ")" : ""));
    }
    return y;
  }
}
