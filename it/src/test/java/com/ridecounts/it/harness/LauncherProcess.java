package com.ridecounts.it.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Runs {@code ride-counts} commands ({@code com.ridecounts.launcher.Cli}) in a child JVM with this JVM's classpath and
 * the Java 17 {@code --add-opens} flags that failsafe passes in {@code rideCounts.addOpens}, output to a log file. A
 * child process can be killed (SIGKILL), stopped (SIGTERM) and checked for its exit code and output, as a user's job.
 */
public final class LauncherProcess {
  private LauncherProcess() {}

  /** The command line: {@code java <jvmOptions> <add-opens> -cp <classpath> Cli <command> <args>}. */
  public static List<String> command(List<String> jvmOptions, String command, List<String> args) {
    List<String> line = new ArrayList<>();
    line.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    line.addAll(jvmOptions);
    line.addAll(Arrays.asList(System.getProperty("rideCounts.addOpens").trim().split("\\s+")));
    line.addAll(List.of("-cp", System.getProperty("java.class.path"), "com.ridecounts.launcher.Cli", command));
    line.addAll(args);
    return line;
  }

  /**
   * Starts {@code command} (output in {@code log}), waits up to 3 minutes for {@code condition}, failing if the job
   * exits first, and then kills it (SIGKILL) in any case.
   */
  public static void runUntilThenKill(List<String> command, Path log, String what, BooleanSupplier condition)
      throws IOException, InterruptedException {
    Process job = start(command, log);
    try {
      Await.until(
          what,
          Duration.ofMinutes(3),
          () -> {
            Logs.assertAlive(job, log);
            return condition.getAsBoolean();
          },
          () -> "log:\n" + Logs.tail(log));
    } finally {
      job.destroyForcibly(); // SIGKILL
      job.waitFor();
    }
  }

  /** Starts {@code command} with stdout and stderr to {@code log}. */
  public static Process start(List<String> command, Path log) throws IOException {
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }
}
