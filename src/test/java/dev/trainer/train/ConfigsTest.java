package dev.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainer.config.Config;
import dev.trainer.layer.NamedParam;
import dev.trainer.layer.Net;
import dev.trainer.layer.Param;
import dev.trainer.tensor.Rng;
import dev.trainer.tensor.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every shipped config parses and builds its net; the NIN configs match the MPELU authors' files. */
class ConfigsTest {
  private static final Path CONFIGS = Path.of("configs");

  /** A complete config: a file at the top of configs/, or nin/base.conf. */
  private static boolean complete(Path p) {
    return p.getParent().equals(CONFIGS) || p.equals(CONFIGS.resolve("nin/base.conf"));
  }

  /** Every net config; sweep files (configs/sweeps/) have their own format and test. */
  private static List<Path> all() throws IOException {
    try (Stream<Path> s = Files.walk(CONFIGS)) {
      return s.filter(p -> p.toString().endsWith(".conf") && !p.startsWith(CONFIGS.resolve("sweeps"))).sorted().toList();
    }
  }

  private static Net build(Config c) {
    // A CSV set's shape is its number of feature columns: read from the (small) files.
    Shape in = c.data().string("set").equals("csv")
        ? DataPipeline.load(c, new Rng(1), line -> {}).inputShape() : SyntheticData.inputShape(c);
    return new NetBuilder().build(c.layers(), in, new Rng(1).stream("init"), line -> {});
  }

  private static Net build(String file) {
    return build(Config.load(CONFIGS.resolve(file), List.of()));
  }

  @Test
  void everyCompleteConfigBuildsANetWithOneLogitPerClassAndASolver() throws IOException {
    List<Path> complete = all().stream().filter(ConfigsTest::complete).toList();
    assertTrue(complete.size() >= 19, "configs found: " + complete);
    for (Path p : complete) {
      Config c = Config.load(p, List.of());
      Net net = build(c);
      int classes = switch (c.data().string("set")) {
        case "cifar100" -> 100;
        case "csv" -> c.data().integer("classes");
        default -> 10;
      };
      assertEquals(Shape.of(classes), net.outputShape(net.size() - 1), p.toString());
      Solvers.create(c, net, 100);
    }
  }

  @Test
  void everyFragmentIsIncludedByACompleteConfig() throws IOException {
    Set<Path> included = new HashSet<>();
    for (Path p : all()) {
      if (complete(p)) Config.load(p, List.of()).sources().forEach(s -> included.add(Path.of(s).normalize()));
    }
    for (Path p : all()) {
      if (!complete(p)) assertTrue(included.contains(p.normalize()), p + " is included by no config: " + included);
    }
  }

  @Test
  void ninHasThePapersShapesAndParameterCount() {
    Net net = build("cifar10-nin-relu.conf");
    Map<String, Shape> shapes = shapes(net);
    assertEquals(Shape.of(192, 28, 28), shapes.get("conv1"));
    assertEquals(Shape.of(96, 14, 14), shapes.get("pool1"));
    assertEquals(Shape.of(192, 7, 7), shapes.get("pool2"));
    assertEquals(Shape.of(10, 7, 7), shapes.get("cccp6"));
    long count = net.params().stream().mapToLong(p -> p.param().value.size()).sum();
    assertEquals(965_568 + 1_418, count);
    assertEquals(340.7, flops(net) / 1e6, 0.1);
  }

  @Test
  void ninMultipliersAreTheAuthors() {
    Map<String, Param> p = params(build("cifar10-nin-prelu.conf"));
    assertMultipliers(p.get("conv1.weight"), 1, 1);
    assertMultipliers(p.get("conv1.bias"), 2, 0);
    assertMultipliers(p.get("cccp6.weight"), 0.1f, 1);
    assertMultipliers(p.get("cccp6.bias"), 0.1f, 0);
    assertMultipliers(p.get("conv1.prelu.slope"), 1, 1);
    assertEquals(192, p.get("conv1.prelu.slope").value.size());
    assertEquals(0.25f, p.get("conv1.prelu.slope").value.data[7]);
    Map<String, Param> m = params(build("cifar10-nin-mpelu.conf"));
    assertMultipliers(m.get("cccp2.mpelu.alpha"), 2, 5);
    assertMultipliers(m.get("cccp2.mpelu.beta"), 2, 5);
    assertEquals(0.25f, m.get("cccp2.mpelu.alpha").value.data[0]);
    assertEquals(1f, m.get("cccp2.mpelu.beta").value.data[0]);
  }

  @Test
  void maxoutAndCreluKeepTenClassMaps() {
    Map<String, Shape> maxout = shapes(build("cifar10-nin-maxout.conf"));
    assertEquals(Shape.of(384, 28, 28), maxout.get("conv1"));
    assertEquals(Shape.of(192, 28, 28), maxout.get("conv1.maxout"));
    assertEquals(Shape.of(10, 7, 7), maxout.get("cccp6.maxout"));
    Map<String, Shape> crelu = shapes(build("cifar10-nin-crelu.conf"));
    assertEquals(Shape.of(384, 28, 28), crelu.get("conv1.crelu"));
    assertFalse(crelu.containsKey("cccp6.crelu"));
  }

  @Test
  void smallVariantsReadTheShippedSubsetWithFewIterations() {
    Config c = Config.load(CONFIGS.resolve("cifar10-nin-prelu-small.conf"), List.of());
    assertEquals(Path.of("data/cifar-10-small"), c.dataDir());
    assertEquals("mean_std", c.data().string("preprocess"));
    assertTrue(c.solver().integer("max_iter") <= 50);
    assertEquals("prelu", c.layer("conv1").activation().orElseThrow().type());
    Config full = Config.load(CONFIGS.resolve("cifar10-nin-prelu.conf"), List.of());
    assertEquals(Path.of("data/cifar10"), full.dataDir());
    assertEquals(120_000, full.solver().integer("max_iter"));
  }

  @Test
  void quickCnnAndMlpHaveTheirDocumentedSizes() {
    Net quick = build("quick-cnn.conf");
    assertEquals(Shape.of(64, 4, 4), shapes(quick).get("pool3"));
    assertEquals(24.7, flops(quick) / 1e6, 0.05);
    assertEquals(145_376, quick.params().stream().filter(p -> p.name().endsWith(".weight"))
        .mapToLong(p -> p.param().value.size()).sum());
    Net mlp = build("mlp.conf");
    assertEquals(List.of(256, 256, 10), Stream.of("fc1", "fc2", "fc3").map(n -> shapes(mlp).get(n).size()).toList());
    assertEquals(0.5376, flops(mlp) / 1e6, 1e-9);
  }

  @Test
  void plain15HasTwelveConvsAndThreeFcWithBatchNormBeforeEachActivation() {
    Net net = build("plain15-bn.conf");
    List<String> names = net.names();
    assertEquals(12, net.params().stream().filter(p -> p.name().matches("(conv1|stage\\d_\\d)\\.weight")).count());
    assertEquals(List.of("conv1", "conv1.bn", "conv1.relu", "maxpool1"), names.subList(0, 4));
    assertEquals(List.of("fc2", "fc2.bn", "fc2.relu", "classifier"),
        names.subList(names.size() - 4, names.size()));
    assertEquals(14, names.stream().filter(n -> n.endsWith(".bn")).count(), "every conv and fc1/fc2");
    Net plain = build(Config.load(CONFIGS.resolve("plain15-bn.conf"), List.of("net.batchnorm=false")));
    assertTrue(plain.names().stream().noneMatch(n -> n.endsWith(".bn")));
  }

  private static Map<String, Shape> shapes(Net net) {
    return net.names().stream().collect(Collectors.toMap(n -> n, n -> net.outputShape(net.names().indexOf(n))));
  }

  private static Map<String, Param> params(Net net) {
    return net.params().stream().collect(Collectors.toMap(NamedParam::name, NamedParam::param));
  }

  private static long flops(Net net) {
    long f = 0;
    for (int i = 0; i < net.size(); i++) f += net.layer(i).flopsPerExample();
    return f;
  }

  private static void assertMultipliers(Param p, float lr, float decay) {
    assertEquals(lr, p.lrMult(), 1e-7, p.name());
    assertEquals(decay, p.decayMult(), 1e-7, p.name());
  }
}
