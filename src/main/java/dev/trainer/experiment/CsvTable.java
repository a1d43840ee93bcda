package dev.trainer.experiment;

import dev.trainer.UserError;
import dev.trainer.config.Text;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** A CSV file with a header row (metrics.csv, params.csv, summary.csv) read into memory. */
public final class CsvTable {
  private final Path file;
  private final List<String> header;
  private final List<CSVRecord> rows;

  private CsvTable(Path file, List<String> header, List<CSVRecord> rows) {
    this.file = file;
    this.header = header;
    this.rows = rows;
  }

  /**
   * Reads {@code file} (a leading byte-order mark is skipped); an empty file or a row with another
   * number of cells than the header (a file cut short, say) is an error naming the file and line.
   */
  public static CsvTable read(Path file) {
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      r.mark(1);
      if (r.read() != Text.BOM) r.reset();
      try (var parser = format.parse(r)) {
        List<String> header = List.copyOf(parser.getHeaderNames());
        if (header.isEmpty()) throw new UserError(file + ": empty file, expected a header row", 2);
        List<CSVRecord> rows = parser.getRecords();
        for (CSVRecord row : rows) {
          if (row.size() != header.size()) {
            throw new UserError(file + ":" + (row.getRecordNumber() + 1) + ": " + row.size() + " cells, the header has "
                + header.size() + " (is the file cut short?)", 2);
          }
        }
        return new CsvTable(file, header, rows);
      }
    } catch (IOException | IllegalStateException | IllegalArgumentException | UncheckedIOException e) {
      throw new UserError("cannot read " + file + ": " + e.getMessage(), 2);
    }
  }

  public List<String> header() {
    return header;
  }

  public int size() {
    return rows.size();
  }

  /** The text of {@code column} in row {@code i}. */
  public String text(int i, String column) {
    if (!header.contains(column)) throw new UserError(file + ": no column '" + column + "'", 2);
    return rows.get(i).get(column);
  }

  /** Row {@code i} of {@code column} as a number; an empty cell is NaN. */
  public double number(int i, String column) {
    String t = text(i, column);
    try {
      return t.isEmpty() ? Double.NaN : Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw new UserError(file + " row " + (i + 2) + ": '" + t + "' in column '" + column + "' is not a number", 2);
    }
  }

  /** A whole column as numbers. */
  public double[] numbers(String column) {
    double[] v = new double[rows.size()];
    for (int i = 0; i < v.length; i++) v[i] = number(i, column);
    return v;
  }

  /** A whole column as text. */
  public List<String> texts(String column) {
    List<String> v = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) v.add(text(i, column));
    return v;
  }
}
