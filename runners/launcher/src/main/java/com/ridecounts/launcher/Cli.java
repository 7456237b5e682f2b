package com.ridecounts.launcher;

import com.ridecounts.pipeline.RideCountsPipeline;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * Entry point of {@code ./ride-counts}: {@code demo}, {@code run}, {@code replay}, {@code evaluate}, {@code bench},
 * {@code generate} and {@code statecheck}. Everything after the command is passed on; pipeline options ({@code
 * --runner=...}, {@code --bootstrapServers=...}, see {@code run --help=RideCountsOptions}) work with every command.
 *
 * <p>{@code evaluate} and {@code bench} start one child JVM per runner; the script tells it the repository root ({@code
 * -Dridecounts.home}), the --add-opens flags ({@code -Dridecounts.addOpens}) and the children's JVM options ({@code
 * -Dridecounts.childJavaOpts}, default -Xmx4g).
 */
public final class Cli {
  private static final String USAGE =
      String.join(
          "\n",
          "usage: ride-counts COMMAND [options]",
          "  demo     [--eventsPerSecond R] [pipeline options]   embedded broker + generator + job, live view",
          "  run      --bootstrapServers=HOST:PORT [pipeline options]   the job against an existing Kafka cluster",
          "  replay   --input FILE.jsonl --output FINAL.jsonl [--partitions N] [--summaryJson FILE] [pipeline options]",
          "  evaluate --input FILE.jsonl [--runners direct,spark,flink,reference] [--partitions N] [--report DIR]",
          "           [--timeoutSeconds T] [pipeline options]   replay on each runner, compare, write DIR/evaluation.json",
          "  bench    [--events N] [--eventsPerSystem direct=N,...] [--rateEventsPerSecond R] [--ratePerSystem direct=R,...]",
          "           [--latencySeconds S] [--systems direct,spark,flink,reference,ceiling] [--output DIR] [pipeline options]",
          "           throughput on a backlog, latency at a fixed rate, memory; writes DIR/bench.json and bench.md",
          "  generate --output FILE.jsonl [--events N] [--eventsPerSecond R] [--start ISO] [--seed S]",
          "  statecheck [--events N] [--eventTimeSpanMinutes M] [--partitions P] [--report DIR] [--childHeapMb H]",
          "           [--childJavaOpts \"OPTS\"] [--settleSeconds S] [pipeline options]   job heap against events read",
          "pipeline options: run --help=RideCountsOptions");

  private Cli() {}

  public static void main(String[] args) {
    int status;
    try {
      status = dispatch(args);
    } catch (Exception e) {
      e.printStackTrace();
      System.err.println(errorSummary(e));
      status = 1;
    }
    // Exit explicitly: runner and Kafka client threads left behind by a cancelled job must not keep the JVM alive.
    System.exit(status);
  }

  /**
   * The last thing a failed command prints, after the stack trace: {@code ride-counts: <exception>} and one {@code
   * caused by: <exception>} line per cause, since runners wrap the real reason (an unknown topic, a failed login) in
   * several layers of execution exceptions.
   */
  static String errorSummary(Throwable failure) {
    StringBuilder summary = new StringBuilder("ride-counts: ").append(failure);
    java.util.Set<Throwable> seen = new java.util.HashSet<>();
    for (Throwable cause = failure.getCause(); cause != null && seen.add(cause); cause = cause.getCause()) {
      summary.append(System.lineSeparator()).append("  caused by: ").append(cause);
    }
    return summary.toString();
  }

  private static int dispatch(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println(USAGE);
      return 2;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    if (args[0].equals("evaluate") || args[0].equals("bench")) {
      Path home = Path.of(System.getProperty("ridecounts.home", "."));
      String childJvmFlags =
          System.getProperty("ridecounts.childJavaOpts", "-Xmx4g") + " " + System.getProperty("ridecounts.addOpens", "");
      return args[0].equals("bench")
          ? Bench.run(rest, System.out, home, childJvmFlags)
          : Evaluate.run(rest, System.out, home, childJvmFlags);
    }
    // A non-Beam reference job (--runner=SparkStructuredStreamingReference, runners/reference) replaces the pipeline.
    java.util.Optional<ReferenceJob> reference = ReferenceJob.selectedBy(rest);
    if (reference.isPresent()) {
      return runReference(reference.get(), args[0], rest);
    }
    int status;
    switch (args[0]) {
      case "demo":
        status = Demo.run(rest, System.out);
        break;
      case "run":
        RideCountsPipeline.runUntilStopped(Launch.parseOptions(new CommandLine(rest, Set.of()), Map.of()));
        status = 0;
        break;
      case "replay":
        status = Replay.run(rest, System.out);
        break;
      case "generate":
        status = Generate.run(rest, System.out);
        break;
      case "statecheck":
        status = StateCheck.run(rest, System.out);
        break;
      default:
        System.err.println(USAGE);
        status = 2;
    }
    return status;
  }

  private static int runReference(ReferenceJob job, String command, String[] rest) throws Exception {
    switch (command) {
      case "replay":
        return Replay.run(rest, System.out);
      case "run":
        try (ReferenceJob.Running running = job.start(ReferenceJob.optionMap(rest))) {
          Runtime.getRuntime().addShutdownHook(new Thread(running::close, "stop-reference-job"));
          running.awaitTermination();
        }
        return 0;
      default:
        System.err.println("ride-counts: --runner=" + job.runnerName() + " supports only the run and replay commands");
        return 2;
    }
  }
}
