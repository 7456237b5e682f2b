package com.ridecounts.it.harness;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Opens a local HTML file in Debian's headless Chromium ({@code /usr/bin/chromium}, package {@code chromium}; another
 * binary with {@code -DrideCounts.chromium=PATH}) and returns the DOM after its scripts ran, or a PNG screenshot. Each
 * call uses a fresh profile directory and flags that keep the browser off the network (no sync, component updates,
 * background requests or QUIC). A missing browser, a non-zero exit or a timeout fails the test with the browser's
 * output.
 */
public final class HeadlessChromium {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  /** Virtual time the page's scripts get before the DOM is dumped or the screenshot taken. */
  private static final int VIRTUAL_TIME_BUDGET_MS = 5000;

  private final Path binary;
  private final Path workDir;

  /** A browser whose profiles and logs go under {@code workDir}. */
  public HeadlessChromium(Path workDir) {
    this.binary = Paths.get(System.getProperty("rideCounts.chromium", "/usr/bin/chromium"));
    this.workDir = workDir;
  }

  /** The serialized DOM of {@code html} once its scripts have run ({@code --dump-dom}). */
  public String dumpDom(Path html) throws IOException, InterruptedException {
    Path dom = workDir.resolve("dom-" + System.nanoTime() + ".html");
    run("dump-dom", dom, List.of("--dump-dom", html.toUri().toString()));
    return Files.readString(dom);
  }

  /** Writes a PNG screenshot of {@code html} rendered in a {@code width} x {@code height} window to {@code png}. */
  public void screenshot(Path html, Path png, int width, int height) throws IOException, InterruptedException {
    Files.deleteIfExists(png);
    Path stdout = workDir.resolve("screenshot-" + System.nanoTime() + ".out");
    run("screenshot", stdout, List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
        "--hide-scrollbars", html.toUri().toString()));
    if (!Files.isRegularFile(png) || Files.size(png) == 0) {
      fail("chromium wrote no screenshot to " + png + "; its output:\n" + Logs.tail(stdout));
    }
  }

  private void run(String what, Path stdout, List<String> action) throws IOException, InterruptedException {
    if (!Files.isExecutable(binary)) {
      fail("no Chromium at " + binary + ": the browser tests need Debian's chromium package (.ci/run installs it: "
          + "apt-get install chromium), or -DrideCounts.chromium=<path>");
    }
    Path profile = Files.createTempDirectory(workDir, "chromium-profile-");
    Path stderr = workDir.resolve(what + "-" + System.nanoTime() + ".log");
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-extensions", "--disable-default-apps", "--mute-audio",
        "--user-data-dir=" + profile, "--virtual-time-budget=" + VIRTUAL_TIME_BUDGET_MS));
    command.addAll(action);
    Process process = new ProcessBuilder(command)
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
    try {
      if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        fail("chromium " + what + " did not finish within " + TIMEOUT + ": " + String.join(" ", command)
            + "\n" + Logs.tail(stderr));
      }
      if (process.exitValue() != 0) {
        fail("chromium " + what + " exited with " + process.exitValue() + ": " + String.join(" ", command)
            + "\n" + Logs.tail(stderr));
      }
    } finally {
      deleteTree(profile);
    }
  }

  /** Deletes a used profile; what a lingering browser helper still writes stays behind, under the work directory. */
  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | UncheckedIOException e) {
      System.err.println("kept chromium profile " + dir + ": " + e);
    }
  }
}
