package com.ridecounts.launcher;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The job of {@code statecheck}, {@code ./ride-counts run} in a JVM of its own, so that its heap holds the job alone
 * (no broker, no input file): started from this JVM's classpath and JVM flags (the --add-opens flags Spark and Flink
 * need; this JVM's -Xmx, -Xlog and flight-recorder flags are left out), with {@code -Xmx<heapMb>m} and the GC logged
 * to {@code DIR/gc.log} ({@link GcLog}), plus any extra JVM options. Output goes to {@code DIR/job.log}. {@link
 * #histogram} takes a class histogram of the running job with {@code jcmd}.
 */
final class JobChild implements AutoCloseable {
  private static final long STOP_WAIT_SECONDS = 60;

  private final Process process;
  private final Path dir;
  private long peakRssKb = -1;

  private JobChild(Process process, Path dir) {
    this.process = process;
    this.dir = dir;
  }

  static JobChild start(Path dir, long heapMb, String extraJvmOptions, List<String> jobArgs) throws IOException {
    Files.createDirectories(dir);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!flag.startsWith("-Xmx") && !flag.startsWith("-Xlog") && !flag.startsWith("-XX:StartFlightRecording")) {
        command.add(flag);
      }
    }
    command.add("-Xmx" + heapMb + "m");
    command.add("-Xlog:gc:file=" + dir.resolve("gc.log") + ":timemillis");
    if (!extraJvmOptions.isBlank()) {
      command.addAll(Arrays.asList(extraJvmOptions.trim().split("\\s+")));
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Cli.class.getName(), "run"));
    command.addAll(jobArgs);
    Files.writeString(dir.resolve("job.command"), String.join(" ", command) + "\n", StandardCharsets.UTF_8);
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("job.log").toFile()))
            .start();
    return new JobChild(process, dir);
  }

  /** Whether the job still runs; each call also samples its peak resident set from /proc. */
  boolean alive() {
    peakRssKb = Math.max(peakRssKb, rssHighWaterKb());
    return process.isAlive();
  }

  /** The child's peak resident set so far, in MiB (from /proc; -1 if unknown). */
  double peakRssMb() {
    return peakRssKb < 0 ? -1 : peakRssKb / 1024.0;
  }

  /** {@code jcmd PID GC.class_histogram} (a full collection first) into {@code DIR/NAME.txt}, parsed. */
  ClassHistogram histogram(String name) throws IOException, InterruptedException {
    Path file = dir.resolve(name + ".txt");
    Process jcmd =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(process.pid()),
                "GC.class_histogram")
            .redirectErrorStream(true)
            .redirectOutput(file.toFile())
            .start();
    if (!jcmd.waitFor(5, TimeUnit.MINUTES)) {
      jcmd.destroyForcibly();
      throw new IllegalStateException("jcmd GC.class_histogram did not finish; see " + file);
    }
    return ClassHistogram.parse(Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  /** The GC pauses logged so far. */
  List<GcLog.Pause> pauses() throws IOException {
    Path log = dir.resolve("gc.log");
    return Files.exists(log) ? GcLog.parse(Files.readAllLines(log, StandardCharsets.UTF_8)) : List.of();
  }

  /** Stops the job with SIGTERM (Spark stops gracefully), and kills it if it has not ended after a minute. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  private long rssHighWaterKb() {
    try {
      return MeasuredProcess.parseVmHwmKb(Files.readString(Path.of("/proc", process.pid() + "", "status")))
          .orElse(-1);
    } catch (IOException e) {
      return -1; // the process has just ended, or there is no /proc
    }
  }
}
