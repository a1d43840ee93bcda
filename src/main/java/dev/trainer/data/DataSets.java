package dev.trainer.data;

import dev.trainer.config.Suggest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The standard data sets by name, read from a folder holding their files under the official names:
 *
 * <pre>
 * fashion-mnist, mnist   train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz],
 *                        t10k-images-idx3-ubyte[.gz],  t10k-labels-idx1-ubyte[.gz]
 * cifar10                data_batch_1.bin .. data_batch_5.bin (those present, at least one),
 *                        test_batch.bin, batches.meta.txt (class names, optional)
 * cifar100               train.bin, test.bin (fine labels, 100 classes), fine_label_names.txt (optional)
 * cifar100-coarse        the same files with the coarse labels (20 superclasses), coarse_label_names.txt
 * csv                    train.csv, test.csv: a header line, the label in the last column
 *                        (other files and columns: the [data] keys, see {@link CsvDataset})
 * </pre>
 */
public final class DataSets {
  public static final List<String> NAMES =
      List.of("fashion-mnist", "mnist", "cifar10", "cifar100", "cifar100-coarse", "csv");

  static final List<String> FASHION_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
      "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
  static final List<String> CIFAR10_CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer",
      "dog", "frog", "horse", "ship", "truck");

  /** The training and test sets of a data set. */
  public record Splits(Dataset train, Dataset test) {}

  private DataSets() {}

  /** Loads the data set {@code name} from {@code dir}. */
  public static Splits load(String name, Path dir) {
    return load(name, dir, List.of());
  }

  /**
   * Loads the data set {@code name} from {@code dir}; {@code configs} are the config files that
   * asked for it (the first one the main file), to suggest a runnable sibling when the folder is
   * missing.
   */
  public static Splits load(String name, Path dir, List<String> configs) {
    if (!Files.isDirectory(dir)) throw new DataException(dir, "no such data folder" + howToGet(name, dir, configs));
    return switch (name) {
      case "fashion-mnist" -> mnist(name, dir, FASHION_CLASSES);
      case "mnist" -> mnist(name, dir, digits());
      case "cifar10" -> cifar10(dir);
      case "cifar100" -> cifar100(name, dir, CifarBinary.Label.FINE, 100, "fine_label_names.txt");
      case "cifar100-coarse" -> cifar100(name, dir, CifarBinary.Label.COARSE, 20, "coarse_label_names.txt");
      case "csv" -> CsvDataset.loadSplits(name, dir.resolve("train.csv"), dir.resolve("test.csv"), CsvDataset.Format.DEFAULT);
      default -> throw new DataException("--set " + name,
          "unknown data set" + Suggest.didYouMean(name, NAMES) + " (known: " + String.join(", ", NAMES) + ")");
    };
  }

  /**
   * How to get a missing folder: the fetch command for the official sets, {@code data.dir} for a
   * copy elsewhere, and the config's {@code -small} sibling (which runs on a shipped subset) if
   * there is one.
   */
  static String howToGet(String name, Path dir, List<String> configs) {
    StringBuilder s = new StringBuilder();
    String fetchable = name.equals("cifar100-coarse") ? "cifar100" : name;
    if (Fetcher.official().containsKey(fetchable)) {
      boolean standard = dir.normalize().equals(Path.of("data", fetchable));
      s.append("; get it with './trainer data fetch ").append(fetchable)
          .append(standard ? "" : " --dir " + dir).append("'");
      s.append(", or set data.dir=FOLDER to a copy you have");
    } else {
      s.append("; set data.dir=FOLDER to the folder holding the files");
    }
    if (!configs.isEmpty() && configs.get(0).endsWith(".conf")) {
      Path config = Path.of(configs.get(0));
      Path small = config.resolveSibling(config.getFileName().toString().replaceFirst("\\.conf$", "-small.conf"));
      if (Files.isRegularFile(small)) s.append("; ").append(small).append(" runs on the shipped subset");
    }
    return s.toString();
  }

  private static Splits mnist(String name, Path dir, List<String> classes) {
    return new Splits(
        MnistIdx.load(name + "/train", idx(dir, "train-images-idx3-ubyte"), idx(dir, "train-labels-idx1-ubyte"), 10, classes),
        MnistIdx.load(name + "/test", idx(dir, "t10k-images-idx3-ubyte"), idx(dir, "t10k-labels-idx1-ubyte"), 10, classes));
  }

  /** {@code base.gz} if present, else {@code base}. */
  private static Path idx(Path dir, String base) {
    Path gz = dir.resolve(base + ".gz");
    return Files.exists(gz) ? gz : dir.resolve(base);
  }

  private static Splits cifar10(Path dir) {
    List<Path> train = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      Path f = dir.resolve("data_batch_" + i + ".bin");
      if (Files.exists(f)) train.add(f);
    }
    if (train.isEmpty()) throw new DataException(dir, "no CIFAR-10 training file (data_batch_1.bin .. data_batch_5.bin)");
    List<String> names = classNames(dir.resolve("batches.meta.txt"), 10);
    return new Splits(
        CifarBinary.load("cifar10/train", train, CifarBinary.Label.CIFAR10, 10, names == null ? CIFAR10_CLASSES : names),
        CifarBinary.load("cifar10/test", List.of(dir.resolve("test_batch.bin")), CifarBinary.Label.CIFAR10, 10,
            names == null ? CIFAR10_CLASSES : names));
  }

  private static Splits cifar100(String name, Path dir, CifarBinary.Label label, int classes, String namesFile) {
    List<String> names = classNames(dir.resolve(namesFile), classes);
    return new Splits(
        CifarBinary.load(name + "/train", List.of(dir.resolve("train.bin")), label, classes, names),
        CifarBinary.load(name + "/test", List.of(dir.resolve("test.bin")), label, classes, names));
  }

  /** The non-blank lines of {@code file} if it exists and has exactly {@code classes} of them, else null. */
  private static List<String> classNames(Path file, int classes) {
    if (!Files.exists(file)) return null;
    try {
      List<String> names = Files.readAllLines(file).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
      return names.size() == classes ? names : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static List<String> digits() {
    List<String> d = new ArrayList<>();
    for (int i = 0; i < 10; i++) d.add(Integer.toString(i));
    return d;
  }
}
