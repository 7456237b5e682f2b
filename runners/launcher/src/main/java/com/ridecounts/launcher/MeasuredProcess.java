package com.ridecounts.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Runs a child process with stdout and stderr appended to a log file and measures it: wall time from start to exit,
 * and peak resident memory, the largest {@code VmHWM} read from {@code /proc/<pid>/status} while polling every 200 ms
 * (null where /proc is not available). A child still running at the timeout is destroyed (exit code -1).
 */
final class MeasuredProcess {
  private static final long POLL_MILLIS = 200;

  /** How a child ended: its exit code, wall time and peak RSS in MiB (null if unknown). */
  record Result(int exitCode, double wallSeconds, @Nullable Double peakRssMb) {}

  private MeasuredProcess() {}

  static Result run(List<String> command, Path log, Duration timeout) throws IOException, InterruptedException {
    Files.createDirectories(log.toAbsolutePath().getParent());
    long started = System.nanoTime();
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    Path status = Path.of("/proc", String.valueOf(process.pid()), "status");
    long peakKb = -1;
    long deadline = started + timeout.toNanos();
    while (!process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
      peakKb = Math.max(peakKb, readVmHwmKb(status).orElse(-1));
      if (System.nanoTime() > deadline) {
        process.destroyForcibly().waitFor();
        return new Result(-1, (System.nanoTime() - started) / 1e9, peakKb < 0 ? null : peakKb / 1024.0);
      }
    }
    double wall = (System.nanoTime() - started) / 1e9;
    return new Result(process.exitValue(), wall, peakKb < 0 ? null : peakKb / 1024.0);
  }

  private static OptionalLong readVmHwmKb(Path status) {
    try {
      return parseVmHwmKb(Files.readString(status));
    } catch (IOException e) {
      return OptionalLong.empty(); // the process has just ended, or there is no /proc
    }
  }

  /** The {@code VmHWM} (peak resident set size) of a {@code /proc/<pid>/status} text, in kB. */
  static OptionalLong parseVmHwmKb(String statusText) {
    for (String line : statusText.split("\n")) {
      if (line.startsWith("VmHWM:")) {
        String[] parts = line.substring("VmHWM:".length()).trim().split("\\s+");
        if (parts.length == 2 && parts[1].equals("kB")) {
          return OptionalLong.of(Long.parseLong(parts[0]));
        }
      }
    }
    return OptionalLong.empty();
  }
}
