package com.ridecounts.launcher;

import com.ridecounts.launcher.report.ReportHtml;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./ride-counts evaluate --input FILE.jsonl [--runners direct,spark,flink,reference] [--partitions N] [--report
 * DIR] [--timeoutSeconds T] [pipeline options]}: replays one file on several runners, one after another, and compares
 * them.
 *
 * <p>One broker serves all runs (the embedded one, or {@code --bootstrapServers}); each runner runs {@code replay} in
 * its own JVM ({@link RunnerChild}, which measures wall time and peak RSS) with fresh topics, and writes {@code
 * DIR/<id>/FINAL.jsonl}, {@code summary.json} and {@code replay.log}. The parity table ({@link Parity}) compares the
 * runners' final counts key by key and attributes every difference to causes computed from the input file ({@link
 * InputFacts}, {@link CauseAttribution}). Writes {@code DIR/evaluation.json} ({@link EvaluationJson}, rendered once as a
 * string, so a report drawn from the document takes that string) and prints a table
 * ({@link EvaluationTable}). Exits non-zero if a runner failed or the runners that must agree (direct, flink, and spark
 * on one partition) differ. Pipeline options are passed to every runner.
 *
 * <p>The repository root and the JVM flags for the children come from the script ({@code -Dridecounts.home}, {@code
 * -Dridecounts.addOpens}, {@code -Dridecounts.childJavaOpts}; see {@link Cli}).
 */
final class Evaluate {
  private static final Set<String> FLAGS = Set.of("input", "runners", "partitions", "report", "timeoutSeconds");
  private static final DateTimeFormatter DIR_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private Evaluate() {}

  /**
   * Runs the evaluation.
   *
   * @param home the repository root, where {@code runners/<id>/target/classpath.txt} are
   * @param childJvmFlags JVM options and --add-opens flags of every child replay
   */
  static int run(String[] args, PrintStream out, Path home, String childJvmFlags) throws Exception {
    CommandLine cl = new CommandLine(args, FLAGS);
    Path input = Path.of(cl.required("input"));
    List<EvaluatedRunner> runners = EvaluatedRunner.parse(cl.get("runners", "direct,spark,flink,reference"));
    int partitions = Integer.parseInt(cl.get("partitions", "1"));
    long timeoutSeconds = Long.parseLong(cl.get("timeoutSeconds", "900"));
    Instant startedAt = Instant.now();
    Path dir = Path.of(cl.get("report", "evaluation-" + DIR_TIME.format(startedAt)));
    if (cl.hasPipelineOption("runner")) {
      throw new IllegalArgumentException("evaluate chooses the runners itself: use --runners direct,spark,...");
    }
    String[] options = cl.pipelineArgs(Map.of());
    Map<String, String> optionMap = ReferenceJob.optionMap(options);
    WindowRules rules = WindowRules.fromOptions(optionMap);
    InputFacts facts = InputFacts.of(ReplayInput.read(input).values, partitions, rules);
    Files.createDirectories(dir);

    List<RunnerOutcome> outcomes = new ArrayList<>();
    RunnerChild child = new RunnerChild(home, childJvmFlags);
    EmbeddedKafkaBroker broker = optionMap.containsKey("bootstrapServers") ? null : EmbeddedKafkaBroker.start();
    try {
      String bootstrap = broker == null ? optionMap.get("bootstrapServers") : broker.bootstrapServers();
      List<String> passOn = new ArrayList<>(Arrays.asList(options));
      passOn.removeIf(o -> o.startsWith("--bootstrapServers="));
      for (EvaluatedRunner runner : runners) {
        out.printf("evaluate: replaying %s on %s (log: %s)%n", input, runner.runnerName, dir.resolve(runner.id));
        RunnerOutcome outcome = child.run(runner, bootstrap, input, partitions, dir, timeoutSeconds, passOn);
        out.printf(
            "evaluate: %s %s%n", runner.id, outcome.ok ? "ok in " + Math.round(outcome.wallTimeS) + " s" : "FAILED");
        outcomes.add(outcome);
      }
    } finally {
      if (broker != null) {
        broker.close();
      }
    }

    Parity parity = Parity.compute(outcomes, partitions, facts, rules);
    String command = "./ride-counts evaluate " + String.join(" ", args);
    String json =
        EvaluationJson.render(
            startedAt, command, new EvaluationJson.InputSection(input.toString(), facts, partitions), outcomes, parity);
    EvaluationJson.write(dir.resolve("evaluation.json"), json);
    Files.writeString(dir.resolve("report.html"), ReportHtml.render(json), StandardCharsets.UTF_8);
    EvaluationTable.print(out, outcomes, parity);
    out.printf("evaluate: wrote %s and %s%n", dir.resolve("evaluation.json"), dir.resolve("report.html"));
    boolean failed = outcomes.stream().anyMatch(o -> !o.ok);
    return failed || parity.mustAgreeDifferences > 0 ? 1 : 0;
  }
}
