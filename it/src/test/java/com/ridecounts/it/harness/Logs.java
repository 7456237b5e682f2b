package com.ridecounts.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reading the logs of child processes: for failure messages, and for the lines a test waits for. */
public final class Logs {
  private Logs() {}

  /** The last 40 lines of {@code log}, or why it could not be read. */
  public static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Whether {@code log} contains {@code text} now. */
  public static boolean contains(Path log, String text) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8).contains(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Fails with the exit status and the tail of {@code log} if {@code job} has exited. */
  public static void assertAlive(Process job, Path log) {
    if (!job.isAlive()) {
      throw new AssertionError("job exited with " + job.exitValue() + ":\n" + tail(log));
    }
  }
}
