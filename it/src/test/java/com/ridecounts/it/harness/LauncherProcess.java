package com.ridecounts.it.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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

  /** Starts {@code command} with stdout and stderr to {@code log}. */
  public static Process start(List<String> command, Path log) throws IOException {
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }
}
