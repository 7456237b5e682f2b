package com.ridecounts.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs one runner's {@code replay} as a child JVM for {@code evaluate}, from the runner module's classpath
 * ({@code runners/<id>/target/classpath.txt}) with the JVM flags Spark and Flink need:
 *
 * <pre>
 * java JAVA_OPTS ADD_OPENS -cp CLASSPATH com.ridecounts.launcher.Cli replay --runner=R --bootstrapServers=B
 *     --input F --output DIR/ID/FINAL.jsonl --partitions N --summaryJson DIR/ID/summary.json --timeoutSeconds T OPTIONS
 * </pre>
 *
 * Output goes to {@code DIR/ID/replay.log}. The result is {@link RunnerOutcome#failed} (with the log's last lines)
 * when the classpath is missing, the child exits non-zero or times out, or its summary or FINAL is missing.
 */
final class RunnerChild {
  private static final int LOG_TAIL_LINES = 25;
  /** Time the child gets beyond the replay's own timeout: JVM and broker-client start-up, runner shutdown. */
  private static final Duration GRACE = Duration.ofMinutes(2);

  private final Path home;
  private final List<String> jvmFlags;

  /**
   * @param home the repository root (holds {@code runners/<id>/target/classpath.txt})
   * @param jvmFlags JVM options and --add-opens flags for every child, whitespace-separated
   */
  RunnerChild(Path home, String jvmFlags) {
    this.home = home;
    this.jvmFlags = jvmFlags.isBlank() ? List.of() : Arrays.asList(jvmFlags.trim().split("\\s+"));
  }

  RunnerOutcome run(
      EvaluatedRunner runner,
      String bootstrapServers,
      Path input,
      int partitions,
      Path dir,
      long timeoutSeconds,
      List<String> options)
      throws IOException, InterruptedException {
    Path classpathFile = home.resolve("runners").resolve(runner.id).resolve("target").resolve("classpath.txt");
    if (!Files.isRegularFile(classpathFile)) {
      return RunnerOutcome.failed(runner, null, "no " + classpathFile + ": build the runner module first");
    }
    Path runDir = dir.resolve(runner.id);
    Path output = runDir.resolve("FINAL.jsonl");
    Path summary = runDir.resolve("summary.json");
    Path log = runDir.resolve("replay.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    command.addAll(List.of("-cp", Files.readString(classpathFile).trim(), Cli.class.getName(), "replay"));
    command.add("--runner=" + runner.runnerName);
    command.add("--bootstrapServers=" + bootstrapServers);
    command.addAll(List.of("--input", input.toAbsolutePath().toString(), "--output", output.toString()));
    command.addAll(List.of("--partitions", String.valueOf(partitions), "--summaryJson", summary.toString()));
    command.addAll(List.of("--timeoutSeconds", String.valueOf(timeoutSeconds)));
    command.addAll(options);
    MeasuredProcess.Result process =
        MeasuredProcess.run(command, log, Duration.ofSeconds(timeoutSeconds).plus(GRACE));
    if (process.exitCode() != 0) {
      return RunnerOutcome.failed(runner, process, "exit code " + process.exitCode() + "; " + tail(log));
    }
    if (!Files.isRegularFile(summary) || !Files.isRegularFile(output)) {
      return RunnerOutcome.failed(runner, process, "no summary.json or FINAL.jsonl; " + tail(log));
    }
    JsonNode figures = ReplaySummary.read(summary);
    return RunnerOutcome.ok(runner, process, figures, ResultKey.readFinal(output));
  }

  /** The last lines of a child's log. */
  static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return "last lines of " + log + ":\n"
        + String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
  }
}
