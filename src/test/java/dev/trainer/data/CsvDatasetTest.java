package dev.trainer.data;

import static dev.trainer.data.LoadersTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trainer.tensor.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDatasetTest {
  @TempDir Path tmp;

  private Path csv(String name, String text) throws IOException {
    return Files.writeString(tmp.resolve(name), text);
  }

  private static CsvDataset.Format format(String label, String features) {
    return new CsvDataset.Format(true, label, features, 0);
  }

  @Test
  void featureColumnsByNameOrIndexInTheirOrder() throws IOException {
    Path f = csv("a.csv", "id,b,label,a\n7,0.5,1,2\n8,1.5,0,4\n");
    Dataset d = CsvDataset.load("t", f, format("label", "a, b"));
    assertEquals(Shape.of(2), d.shape());
    assertArrayEquals(new float[] {2, 0.5f, 4, 1.5f}, d.images);
    assertArrayEquals(new int[] {1, 0}, d.labels);
    Dataset byIndex = CsvDataset.load("t", f, format("2", "3,1"));
    assertArrayEquals(d.images, byIndex.images);
    Dataset all = CsvDataset.load("t", f, format("label", ""));
    assertArrayEquals(new float[] {7, 0.5f, 2, 8, 1.5f, 4}, all.images);
    Dataset noHeader = CsvDataset.load("t", csv("p.csv", "1,2,0\n3,4,2\n"), new CsvDataset.Format(false, "last", "", 0));
    assertArrayEquals(new float[] {1, 2, 3, 4}, noHeader.images);
    assertEquals(3, noHeader.classes());
  }

  @Test
  void classesAreInferredOverTrainAndTestOrGiven() throws IOException {
    Path train = csv("train.csv", "x,label\n1,0\n2,1\n");
    Path test = csv("test.csv", "x,label\n1,3\n");
    DataSets.Splits s = CsvDataset.loadSplits("t", train, test, CsvDataset.Format.DEFAULT);
    assertEquals(4, s.train().classes());
    assertEquals(4, s.test().classes());
    DataSets.Splits given = CsvDataset.loadSplits("t", train, test, new CsvDataset.Format(true, "last", "", 5));
    assertEquals(5, given.train().classes());
    assertMessage(() -> CsvDataset.loadSplits("t", train, test, new CsvDataset.Format(true, "last", "", 3)),
        test + ":2: label 3 is not in 0..2 (data.classes = 3)");
    Path wide = csv("wide.csv", "x,z,label\n1,1,0\n");
    assertMessage(() -> CsvDataset.loadSplits("t", train, wide, CsvDataset.Format.DEFAULT),
        wide + ": 2 feature columns, but " + train + " has 1");
  }

  @Test
  void everyBadCellRowOrFileIsOneLineWithFileAndLine() throws IOException {
    String head = "x,y,label\n1,2,0\n";
    CsvDataset.Format f = CsvDataset.Format.DEFAULT;
    Path nan = csv("nan.csv", head + "NaN,2,1\n");
    assertMessage(() -> CsvDataset.load("t", nan, f), nan + ":3: column 1 is 'NaN', not a finite number");
    Path inf = csv("inf.csv", head + "1,-Infinity,1\n");
    assertMessage(() -> CsvDataset.load("t", inf, f), inf + ":3: column 2 is '-Infinity'");
    Path huge = csv("huge.csv", head + "1e39,1,1\n");
    assertMessage(() -> CsvDataset.load("t", huge, f), huge + ":3: column 1 is '1e39', beyond float range");
    Path suffix = csv("suffix.csv", head + "0.5f,1,1\n");
    assertMessage(() -> CsvDataset.load("t", suffix, f), suffix + ":3: column 1 is '0.5f'");
    Path text = csv("text.csv", head + "1,two,1\n");
    assertMessage(() -> CsvDataset.load("t", text, f), text + ":3: column 2 is 'two'");
    Path emptyCell = csv("cell.csv", head + "1,,1\n");
    assertMessage(() -> CsvDataset.load("t", emptyCell, f), emptyCell + ":3: column 2 is ''");
    Path ragged = csv("ragged.csv", head + "1,2\n");
    assertMessage(() -> CsvDataset.load("t", ragged, f), ragged + ":3: 2 columns, expected 3");
    Path long_ = csv("long.csv", head + "1,2,1,9\n");
    assertMessage(() -> CsvDataset.load("t", long_, f), long_ + ":3: 4 columns, expected 3");
    Path label = csv("label.csv", head + "1,2,1.5\n");
    assertMessage(() -> CsvDataset.load("t", label, f), label + ":3: label '1.5' is not an integer");
    Path negative = csv("neg.csv", head + "1,2,-1\n");
    assertMessage(() -> CsvDataset.load("t", negative, f), negative + ":3: label -1 is not in");
    Path empty = csv("empty.csv", "");
    assertMessage(() -> CsvDataset.load("t", empty, f), empty + ":1: empty file");
    Path blank = csv("blank.csv", "\n\n");
    assertMessage(() -> CsvDataset.load("t", blank, f), blank + ":1: empty file");
    Path headerOnly = csv("header.csv", "x,y,label\n");
    assertMessage(() -> CsvDataset.load("t", headerOnly, f), headerOnly + ":2: no data rows after the header");
    Path missing = tmp.resolve("missing.csv");
    assertMessage(() -> CsvDataset.load("t", missing, f), missing + ": file not found");
  }

  @Test
  void badColumnSpecsNameTheHeaderLine() throws IOException {
    Path f = csv("a.csv", "x,y,label\n1,2,0\n");
    assertMessage(() -> CsvDataset.load("t", f, format("lable", "")), f + ":1: no column named 'lable' in the header (did you mean 'label'?)");
    assertMessage(() -> CsvDataset.load("t", f, format("label", "x,z")), f + ":1: no column named 'z'");
    assertMessage(() -> CsvDataset.load("t", f, format("label", "x,label")), "feature column 'label' is the label column");
    assertMessage(() -> CsvDataset.load("t", f, format("7", "")), f + ":1: label column 7 but the file has only 3 columns");
    assertMessage(() -> CsvDataset.load("t", f, new CsvDataset.Format(false, "label", "", 0)),
        "without a header the label column must be a 0-based index or 'last'");
  }

  @Test
  void byteOrderMarkIsSkipped() throws IOException {
    Path f = csv("bom.csv", "\uFEFFx,label\n1,0\n");
    assertArrayEquals(new float[] {1}, CsvDataset.load("t", f, format("label", "")).images);
  }
}
