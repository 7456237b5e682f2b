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
 * (null where /proc is not available). {@link #run} waits for the child and destroys one still running at the timeout
 * (exit code -1); {@link #start} returns a {@link Running} child the caller stops itself (used by {@code bench} for
 * jobs that run against a live producer until told to stop).
 */
final class MeasuredProcess {
  private static final long POLL_MILLIS = 200;

  /** How a child ended: its exit code, wall time and peak RSS in MiB (null if unknown). */
  record Result(int exitCode, double wallSeconds, @Nullable Double peakRssMb) {}

  private MeasuredProcess() {}

  static Result run(List<String> command, Path log, Duration timeout) throws IOException, InterruptedException {
    Running running = start(command, log);
    Result result = running.awaitExit(timeout);
    return result != null ? result : running.kill();
  }

  /** Starts {@code command} with its output appended to {@code log}. */
  static Running start(List<String> command, Path log) throws IOException {
    Files.createDirectories(log.toAbsolutePath().getParent());
    long started = System.nanoTime();
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    return new Running(process, started);
  }

  /** A started child whose peak RSS is sampled while the caller waits for it. */
  static final class Running {
    private final Process process;
    private final long startedNanos;
    private final Path status;
    private long peakKb = -1;

    private Running(Process process, long startedNanos) {
      this.process = process;
      this.startedNanos = startedNanos;
      this.status = Path.of("/proc", String.valueOf(process.pid()), "status");
    }

    /** Whether the child is still running (samples its RSS). */
    boolean isAlive() {
      sample();
      return process.isAlive();
    }

    /** Waits up to {@code timeout} for the child to exit, sampling its RSS; null if it is still running then. */
    @Nullable Result awaitExit(Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        sample();
        if (System.nanoTime() > deadline) {
          return null;
        }
      }
      return result(process.exitValue());
    }

    /** Asks the child to stop (SIGTERM), waits up to {@code grace}, then kills it; the exit code is the child's. */
    Result stop(Duration grace) throws InterruptedException {
      sample();
      process.destroy();
      Result result = awaitExit(grace);
      return result != null ? result : kill();
    }

    /** Kills the child at once; the result has exit code -1. */
    Result kill() throws InterruptedException {
      process.destroyForcibly().waitFor();
      return result(-1);
    }

    private void sample() {
      peakKb = Math.max(peakKb, readVmHwmKb(status).orElse(-1));
    }

    private Result result(int exitCode) {
      return new Result(exitCode, (System.nanoTime() - startedNanos) / 1e9, peakKb < 0 ? null : peakKb / 1024.0);
    }
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
