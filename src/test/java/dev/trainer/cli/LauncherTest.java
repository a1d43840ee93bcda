package dev.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code trainer} launcher script, run on a copy of itself in a temporary folder with stub
 * {@code java} and {@code mvn} commands first on the PATH (so no build and no JVM start).
 */
class LauncherTest {
  @TempDir Path tmp;

  /** A stub that prints what the real command would and exits with {@code status}. */
  private Path stub(String name, String body) throws IOException {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path f = bin.resolve(name);
    Files.writeString(f, "#!/usr/bin/env bash\n" + body + "\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    return f;
  }

  private Path project(boolean built) throws IOException {
    Path root = Files.createDirectories(tmp.resolve("project"));
    Files.copy(Path.of("trainer"), root.resolve("trainer"));
    Files.setPosixFilePermissions(root.resolve("trainer"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(root.resolve("src/main"));
    Files.writeString(root.resolve("pom.xml"), "<project/>");
    Files.setLastModifiedTime(root.resolve("src/main"), FileTime.from(Instant.now().minusSeconds(100)));
    Files.setLastModifiedTime(root.resolve("pom.xml"), FileTime.from(Instant.now().minusSeconds(100)));
    if (built) Files.createDirectories(root.resolve("target"));
    if (built) Files.writeString(root.resolve("target/trainer.jar"), "jar");
    return root;
  }

  private record Outcome(int status, String out, String err) {}

  private Outcome launch(Path root, String... args) throws Exception {
    String[] cmd = new String[args.length + 1];
    cmd[0] = root.resolve("trainer").toString();
    System.arraycopy(args, 0, cmd, 1, args.length);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile());
    pb.environment().put("PATH", tmp.resolve("bin") + ":" + System.getenv("PATH"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return new Outcome(p.exitValue(), out, err);
  }

  @Test
  void dropsOnlyTheIncubatorWarningAndKeepsStatusAndOtherStderr() throws Exception {
    stub("java", """
        echo 'WARNING: Using incubator modules: jdk.incubator.vector' >&2
        echo 'stdout line'
        echo 'error: something the user must see' >&2
        echo 'WARNING: another warning' >&2
        exit 3""");
    Outcome o = launch(project(true), "run", "x.conf");
    assertEquals(3, o.status(), o.err());
    assertEquals("stdout line\n", o.out());
    assertFalse(o.err().contains("incubator"), o.err());
    assertEquals("error: something the user must see\nWARNING: another warning\n", o.err());
  }

  @Test
  void passesArgumentsToTheJar() throws Exception {
    stub("java", "printf '%s|' \"$@\"");
    Outcome o = launch(project(true), "data", "info", "a b");
    assertTrue(o.out().contains("--add-modules|jdk.incubator.vector|"), o.out());
    assertTrue(o.out().endsWith("trainer.jar|data|info|a b|"), o.out());
    assertEquals(0, o.status());
  }

  @Test
  void buildOutputHasNoColourCodes() throws Exception {
    stub("mvn", """
        printf '\\033[0m\\033[0m\\033[1;31m[ERROR]\\033[m compile failed\\n'
        echo "args: $*" >&2
        exit 1""");
    stub("java", "echo ran");
    Outcome o = launch(project(false), "--help");
    assertEquals(1, o.status(), o.err());
    assertFalse(o.err().contains("\u001b"), o.err());
    assertTrue(o.err().contains("[ERROR] compile failed"), o.err());
    assertTrue(o.err().contains("-B") && o.err().contains("-Dstyle.color=never"), o.err());
    assertEquals("", o.out(), "the jar is not run after a failed build");
  }
}
