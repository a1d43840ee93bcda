package dev.trainer.data;

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
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A table of numeric features and an integer class label, one example per row (comma-separated,
 * read with commons-csv). Every column other than the label column is a feature, taken as is (no
 * scaling); the per-example shape is [F]. Labels are integers in [0, classes); with
 * {@code classes = 0} the number of classes is the largest label + 1. A bad row is reported with
 * its line number ({@code file:line: ...}).
 */
public final class CsvDataset {
  private CsvDataset() {}

  /**
   * @param labelColumn the label column: its header name (with {@code header}) or its 0-based index
   * @param header whether the first line names the columns
   * @param classes number of classes, or 0 to infer it from the labels
   */
  public static Dataset load(String name, Path file, String labelColumn, boolean header, int classes) {
    CSVFormat format = CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(true).setTrim(true).get();
    List<float[]> rows = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    int labelIndex = -1;
    int width = -1;
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      int[] lineStarts = lineStarts(text);
      CSVParser parser = CSVParser.parse(text, format);
      for (CSVRecord rec : parser) {
        long line = lineOf(text, lineStarts, rec.getCharacterPosition());
        if (labelIndex < 0) {
          labelIndex = header ? headerIndex(file, rec, labelColumn) : columnIndex(file, labelColumn);
          width = rec.size();
          if (labelIndex >= width) {
            throw new DataException(file + ":" + line, "label column " + labelIndex + " but only " + width + " columns");
          }
          if (header) continue;
        }
        if (rec.size() != width) {
          throw new DataException(file + ":" + line, rec.size() + " columns, expected " + width);
        }
        float[] f = new float[width - 1];
        int j = 0;
        for (int c = 0; c < width; c++) {
          if (c == labelIndex) continue;
          f[j++] = number(file, line, c, rec.get(c));
        }
        labels.add(label(file, line, rec.get(labelIndex), classes));
        rows.add(f);
      }
    } catch (NoSuchFileException e) {
      throw new DataException(file, "file not found");
    } catch (IOException | UncheckedIOException e) {
      throw new DataException(file, "cannot read CSV: " + e.getMessage());
    }
    if (rows.isEmpty()) throw new DataException(file, "no data rows");
    int features = width - 1;
    float[] x = new float[rows.size() * features];
    int[] y = new int[rows.size()];
    int maxLabel = 0;
    for (int i = 0; i < y.length; i++) {
      System.arraycopy(rows.get(i), 0, x, i * features, features);
      y[i] = labels.get(i);
      maxLabel = Math.max(maxLabel, y[i]);
    }
    return new Dataset(name, x, y, Shape.of(features), classes > 0 ? classes : maxLabel + 1, null);
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

  private static int headerIndex(Path file, CSVRecord rec, String labelColumn) {
    for (int c = 0; c < rec.size(); c++) {
      if (rec.get(c).equals(labelColumn)) return c;
    }
    throw new DataException(file + ":1", "no column named '" + labelColumn + "' in the header");
  }

  private static int columnIndex(Path file, String labelColumn) {
    try {
      int c = Integer.parseInt(labelColumn);
      if (c >= 0) return c;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new DataException(file, "without a header the label column must be a 0-based index, not '" + labelColumn + "'");
  }

  private static float number(Path file, long line, int column, String s) {
    try {
      float v = Float.parseFloat(s);
      if (Float.isFinite(v)) return v;
    } catch (NumberFormatException e) {
      // reported below
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
      throw new DataException(file + ":" + line, "label " + y + " is not in 0.." + (classes > 0 ? classes - 1 : "∞"));
    }
    return y;
  }
}
