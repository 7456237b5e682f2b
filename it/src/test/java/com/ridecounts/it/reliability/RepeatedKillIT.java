package com.ridecounts.it.reliability;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import com.ridecounts.it.harness.Await;
import com.ridecounts.it.harness.CountsOracle;
import com.ridecounts.it.harness.FinalPanes;
import com.ridecounts.it.harness.FirstCommitWindow;
import com.ridecounts.it.harness.GeneratedRides;
import com.ridecounts.it.harness.KafkaTestClients;
import com.ridecounts.it.harness.KillSchedule;
import com.ridecounts.it.harness.LatestCountsTopic;
import com.ridecounts.it.harness.LauncherProcess;
import com.ridecounts.it.harness.Logs;
import com.ridecounts.it.harness.PacedProducer;
import com.ridecounts.it.harness.PaneAudit;
import com.ridecounts.it.harness.WindowKey;
import com.ridecounts.launcher.CountsView;
import com.ridecounts.launcher.EmbeddedKafkaBroker;
import com.ridecounts.model.WindowCount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job ({@code ride-counts run} in a child JVM) is killed with SIGKILL {@value #KILLS} times while a producer
 * feeds it generated input (late, out-of-order and malformed records; {@value #EVENTS} records at about 75 per
 * second), and restarted each time from the same checkpoint location; after the last restart it runs until every
 * window is final. The kill times come from a seeded {@link KillSchedule} (the seed is printed; rerun one with {@code
 * -DrepeatedKill.seed=<seed>}): the first kill comes 0 to 5 s after the job started processing (Spark: its
 * JobGenerator started, so during the first micro-batches; Flink: its job directory appeared in the checkpoint
 * storage, so before or around the first checkpoint), the third 0 to 2 s after the restarted job's first new output
 * (mid-backlog: it is still reading what was produced while it was down), the others 3 to 25 s after the job started
 * processing. A slow start on a loaded machine thus delays the kills instead of turning them into kills during
 * start-up. Each kill is printed with its timing, the micro-batches completed in the run (Spark) and what the run
 * wrote.
 *
 * <p>On both runners: the final pane per (window, event type) and the latest pane per key (by pane index) equal the
 * fault-free result of the same input ({@link CountsOracle}), every final pane in the topic holds the oracle's count,
 * no count goes down by pane index, no (window, event type, pane index) appears twice, no pane follows a final one,
 * and the compacted latest-counts topic ends on the final count of every key with no record below its key's previous
 * one.
 *
 * <ul>
 *   <li>SparkRunner ({@code --checkpointDir}): the sink is at-least-once and Spark re-runs the micro-batches since the
 *       checkpoint; the sinks' replay guard ({@code DropReplayedPanesProducer}) keeps panes that a topic already
 *       has, or has passed, out of it.
 *   <li>FlinkRunner ({@code --stateBackendStoragePath}, from whose newest completed checkpoint {@code
 *       FlinkRunnerDefaults} restores each restart): exactly-once sinks, read with read_committed.
 * </ul>
 */
class RepeatedKillIT {
  private static final int EVENTS = 6_000;
  private static final int PARTITIONS = 1;
  private static final int KILLS = 5;
  /** The kill (0-based) placed mid-backlog. */
  private static final int MID_BACKLOG_KILL = 2;
  /** 25 records every 330 ms: about 75 records/s, so producing takes about 80 s, most of the kill phase. */
  private static final int CHUNK = 25;

  private static final long CHUNK_PAUSE_MILLIS = 330;
  private static final Duration FINALS_TIMEOUT = Duration.ofMinutes(4);
  private static final String KILLED_BEFORE_START = "killed before it said how it started";
  /** Spark's JobGenerator lines when a streaming job starts fresh or from a checkpoint. */
  private static final Pattern SPARK_STARTED =
      Pattern.compile("JobGenerator - (Started JobGenerator at|Restarted JobGenerator at|Batches to reschedule)");
  /** The line {@code com.ridecounts.spark.BatchLogListener} logs per completed micro-batch. */
  private static final Pattern SPARK_BATCH_LINE = Pattern.compile("Batch \\S+ completed: \\d+ input records");

  @TempDir Path tmp;

  /**
   * At-least-once: replays are reported; killRepeatedly checks that none of them changes a final value. This test
   * found three restart faults of the SparkRunner, each now covered by a test of its own: the kill during the first
   * batch ({@code SparkFirstBatchKillIT}), the checkpoint that refers to deleted RDD checkpoints ({@code
   * SparkStaleCheckpointIT}), and the checkpoint of a re-run batch that no longer holds its own state, from which
   * Spark recomputed the job from its first batch and a final pane came out one event short ({@code
   * SparkKilledDuringRerunIT}, {@code RememberBatchesListener}).
   */
  @Test
  @Timeout(900)
  void sparkRunnerKilledRepeatedlyEndsOnTheFaultFreeCounts() throws Exception {
    killRepeatedly(
            "SparkRunner",
            List.of(
                "--runner=SparkRunner",
                "--maxOffsetsPerTrigger=300",
                "--checkpointDir=" + tmp.resolve("spark-checkpoints")),
            log -> () -> Files.exists(log) && SPARK_STARTED.matcher(Files.readString(log)).find(),
            null);
  }

  @Test
  @Timeout(900)
  void flinkRunnerKilledRepeatedlyResumesFromItsCheckpointsWithExactlyOnceOutput() throws Exception {
    Path checkpoints = tmp.resolve("flink-checkpoints");
    Outcome outcome =
        killRepeatedly(
            "FlinkRunner", List.of("--runner=FlinkRunner", "--stateBackendStoragePath=" + checkpoints.toUri()),
            log -> {
              Set<Path> before = jobDirectories(checkpoints);
              return () -> !before.containsAll(jobDirectories(checkpoints));
            },
            checkpoints);
    assertThat("the last run resumed from a checkpoint", Files.readString(outcome.lastLog()),
        containsString("resuming from checkpoint"));
  }

  /** What the runner-specific checks need. */
  private record Outcome(PaneAudit audit, Path lastLog) {}

  /**
   * When a run's job has started processing, the point the EARLY and RANDOM kills count from: Spark's JobGenerator
   * (re)start line in the run's log; a new job directory in the Flink checkpoint storage (created when the job's
   * checkpoint coordinator starts). Created just before the run starts, with the run's log.
   */
  private interface StartSignal {
    Started forRun(Path log) throws IOException;
  }

  /** Whether the run's job has started. */
  private interface Started {
    boolean check() throws IOException;
  }

  /**
   * Runs the kill schedule and the last run, checks what both runners must give, and returns what the runner-specific
   * checks need. {@code flinkCheckpoints}: the Flink job's checkpoint storage, to keep the kills out of a {@link
   * FirstCommitWindow}; null on Spark.
   */
  private Outcome killRepeatedly(
      String runner, List<String> runnerArgs, StartSignal startSignal, Path flinkCheckpoints) throws Exception {
    long started = System.nanoTime();
    long seed = KillSchedule.seed();
    List<KillSchedule.Kill> schedule =
        KillSchedule.draw(seed, KILLS, MID_BACKLOG_KILL, new long[] {0, 5_000}, 2_000, new long[] {3_000, 25_000});
    System.out.printf("RepeatedKillIT[%s]: seed %d (rerun with -DrepeatedKill.seed=%d), kills %s%n", runner, seed, seed,
        schedule);
    List<byte[]> values = GeneratedRides.realistic(seed, EVENTS);
    CountsOracle.Result expected = CountsOracle.jobDefaults().compute(values, PARTITIONS);
    Path logs = Files.createDirectories(Path.of("target", "repeated-kill-it", runner));

    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      broker.createTopic("rides", PARTITIONS);
      broker.createTopic("counts", 1);
      broker.createTopic("dlq", 1);
      broker.createTopic("latest", 1, Map.of("cleanup.policy", "compact"));
      List<String> command = LauncherProcess.command(List.of("-Xmx1g"), "run", jobArgs(runnerArgs, broker));
      try (CountsView view = new CountsView(broker.bootstrapServers(), "counts", Map.of());
          PacedProducer producer =
              new PacedProducer(broker.bootstrapServers(), "rides", values, PARTITIONS, CHUNK, CHUNK_PAUSE_MILLIS);
          FirstCommitWindow firstCommit =
              flinkCheckpoints == null
                  ? null
                  : new FirstCommitWindow(broker.bootstrapServers(), List.of("counts", "dlq", "latest"),
                      flinkCheckpoints)) {
        producer.start();
        List<String> kills = new ArrayList<>();
        for (int i = 0; i < schedule.size(); i++) {
          kills.add(
              runAndKill(
                  command, logs.resolve("run-" + i + ".log"), schedule.get(i), startSignal, view, producer,
                  firstCommit));
          System.out.printf("RepeatedKillIT[%s]: kill %d: %s%n", runner, i + 1, kills.get(i));
        }

        Path lastLog = logs.resolve("run-" + schedule.size() + ".log");
        Process last = LauncherProcess.start(command, lastLog);
        try {
          Await.until(
              "final panes for every (window, event type)",
              FINALS_TIMEOUT,
              () -> {
                pollWhileAlive(view, last, lastLog);
                return view.finals().size() >= expected.counts().size();
              },
              () -> view.finals().size() + " of " + expected.counts().size() + " final; differences from the"
                  + " fault-free run:" + differences(expected, view) + "\nlog:\n" + Logs.tail(lastLog));
          producer.checkHealthy();
          assertThat("every record produced", producer.produced(), equalTo(EVENTS));
          drain(view);
          assertThat("final pane per key = fault-free run; differences:" + differences(expected, view),
              FinalPanes.resultLines(view.finals()),
              equalTo(expected.finalLines()));
          assertThat("latest pane per key (by pane index) = fault-free run", FinalPanes.resultLines(view.latest()),
              equalTo(expected.finalLines()));
          PaneAudit audit =
              PaneAudit.of(
                  KafkaTestClients.readAll(broker.bootstrapServers(), "counts", KafkaTestClients.Isolation.READ_COMMITTED)
                      .records(),
                  expected.counts());
          System.out.printf("RepeatedKillIT[%s]: counts topic: %s%n", runner, audit);
          assertThat("final panes with another count than the oracle's (a replay changing a final value)",
              audit.finalsDifferingFromOracle(),
              equalTo(0L));
          long latestBelowPrevious =
              LatestCountsTopic.assertEndsOnFinalCounts(broker.bootstrapServers(), "latest", "counts", expected);
          String resumed =
              flinkCheckpoints == null
                  ? ""
                  : " (" + countResumes(logs, schedule.size() + 1) + " logged \"resuming from checkpoint\")";
          System.out.printf(
              "RepeatedKillIT[%s]: seed %d, %d kills, %d restarts%s, %d keys, counts topic: %s; latest-counts topic:"
                  + " %d records below their key's previous one; %.0f s in all%n",
              runner, seed, kills.size(), kills.size(), resumed, expected.counts().size(), audit,
              latestBelowPrevious, (System.nanoTime() - started) / 1e9);
          assertThat("counts going down by pane index", audit.decreasingByPaneIndex(), equalTo(0L));
          assertThat("a (window, event type, pane index) twice", audit.duplicates(), equalTo(0L));
          assertThat("panes after a final one", audit.panesAfterFinal(), equalTo(0L));
          assertThat("latest-counts records below their key's previous one", latestBelowPrevious, equalTo(0L));
          assertThat("panes seen", audit.records(), greaterThan(0L));
          if (flinkCheckpoints != null) {
            // Earlier runs may have written every final pane already; then the checks above pass before the last
            // run has logged how it started. Wait for that line, so the caller can check that it resumed.
            Await.until(
                "the last run to log how it started",
                FINALS_TIMEOUT,
                () -> {
                  pollWhileAlive(view, last, lastLog);
                  return saidHowItStarted(lastLog);
                },
                () -> Logs.tail(lastLog));
          }
          last.destroy();
          last.waitFor(20, TimeUnit.SECONDS);
          return new Outcome(audit, lastLog);
        } finally {
          last.destroyForcibly();
          last.waitFor();
        }
      }
    }
  }

  /**
   * Starts one run, waits until its kill time (failing if the job exits by itself first), SIGKILLs it and returns a
   * description of the kill. With a {@code firstCommit} window (Flink), a kill that falls into it is held back until
   * it closes, and the delay is reported.
   */
  private static String runAndKill(
      List<String> command,
      Path log,
      KillSchedule.Kill kill,
      StartSignal startSignal,
      CountsView view,
      PacedProducer producer,
      FirstCommitWindow firstCommit)
      throws Exception {
    long panesBefore = view.panes();
    long start = System.nanoTime();
    long heldBackMillis;
    long startedAfterNanos = -1;
    Started started = startSignal.forRun(log);
    Process job = LauncherProcess.start(command, log);
    try {
      long fromNanos;
      if (kill.kind() == KillSchedule.Kind.MID_BACKLOG) {
        Await.until(
            "the restarted job's first new output",
            Duration.ofMinutes(2),
            () -> {
              pollWhileAlive(view, job, log);
              return view.panes() > panesBefore;
            },
            () -> "log:\n" + Logs.tail(log));
        fromNanos = System.nanoTime();
      } else {
        Await.until(
            "the job to start processing",
            Duration.ofMinutes(3),
            () -> {
              pollWhileAlive(view, job, log);
              try {
                return started.check();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            () -> "log:\n" + Logs.tail(log));
        fromNanos = System.nanoTime();
        startedAfterNanos = fromNanos - start;
      }
      long killAt = fromNanos + TimeUnit.MILLISECONDS.toNanos(kill.delayMillis());
      while (System.nanoTime() < killAt || firstCommitWindowOpen(firstCommit, killAt)) {
        pollWhileAlive(view, job, log);
        if (firstCommit != null) {
          firstCommit.poll(Duration.ofMillis(10));
        }
      }
      heldBackMillis = TimeUnit.NANOSECONDS.toMillis(Math.max(0, System.nanoTime() - killAt));
    } finally {
      job.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful stop
      job.waitFor();
    }
    producer.checkHealthy();
    return String.format(
        "%s after %.1f s of the run%s%s%s, %s, %d records produced so far, %d panes written by this run, %d of the keys"
            + " final",
        kill.kind(), (System.nanoTime() - start) / 1e9,
        startedAfterNanos < 0 ? "" : String.format(" (job started processing at %.1f s)", startedAfterNanos / 1e9),
        heldBackMillis > 1_000 ? String.format(" (held back %.1f s: sink first-commit window)", heldBackMillis / 1e3) : "",
        sparkBatches(log),
        howStarted(log),
        producer.produced(), view.panes() - panesBefore, view.finals().size());
  }

  /**
   * Whether the kill due at {@code killAt} must wait because a sink's {@link FirstCommitWindow} is open (re-read just
   * before deciding, so a commit of the last milliseconds counts); fails if it stays open for 90 s.
   */
  private static boolean firstCommitWindowOpen(FirstCommitWindow firstCommit, long killAt) {
    if (firstCommit == null || System.nanoTime() < killAt) {
      return false;
    }
    firstCommit.poll(Duration.ofMillis(200));
    if (firstCommit.open() && System.nanoTime() - killAt > TimeUnit.SECONDS.toNanos(90)) {
      throw new AssertionError("the sinks' first-commit window stayed open for 90 s: " + firstCommit);
    }
    return firstCommit.open();
  }

  private static void pollWhileAlive(CountsView view, Process job, Path log) {
    view.poll(Duration.ofMillis(100));
    if (!job.isAlive()) {
      throw new AssertionError("the job exited before its kill:\n" + Logs.tail(log));
    }
  }

  /** ", N Spark micro-batches completed in it" for a Spark run's log, else "". */
  private static String sparkBatches(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    if (lines.stream().noneMatch(line -> line.contains("SparkRunner settings"))) {
      return "";
    }
    return ", " + lines.stream().filter(line -> SPARK_BATCH_LINE.matcher(line).find()).count()
        + " Spark micro-batches completed in it";
  }

  /**
   * The keys whose final pane is missing or differs from the oracle's count, each with the latest pane seen, one per
   * line.
   */
  private static String differences(CountsOracle.Result expected, CountsView view) {
    Map<WindowKey, WindowCount> finals = byKey(view.finals());
    Map<WindowKey, WindowCount> latest = byKey(view.latest());
    StringBuilder lines = new StringBuilder();
    expected.counts().forEach(
        (key, count) -> {
          WindowCount finalPane = finals.get(key);
          if (finalPane == null || finalPane.count() != count) {
            WindowCount pane = latest.get(key);
            lines.append("\n  ").append(key).append(": expected ").append(count).append(", ")
                .append(finalPane == null ? "no final pane" : "final " + finalPane.count())
                .append(pane == null ? ", no pane at all" : ", latest pane #" + pane.paneIndex() + " count "
                    + pane.count());
          }
        });
    return lines.toString();
  }

  private static Map<WindowKey, WindowCount> byKey(List<WindowCount> panes) {
    Map<WindowKey, WindowCount> byKey = new HashMap<>();
    for (WindowCount pane : panes) {
      byKey.put(new WindowKey(pane.windowStartMillis(), pane.windowEndMillis(), pane.eventType()), pane);
    }
    return byKey;
  }

  /** How a run's job began, from its log: "fresh" (no checkpoint found), "restored" or "?" (killed before it said). */
  private static String howStarted(Path log) throws IOException {
    String text = Files.readString(log);
    if (text.contains("resuming from checkpoint") || text.contains("Restarted JobGenerator at")
        || text.contains("Batches to reschedule")) {
      return "restored from the checkpoint";
    }
    if (text.contains("no completed checkpoint") || text.contains("Started JobGenerator at")) {
      return "started without a checkpoint";
    }
    return KILLED_BEFORE_START;
  }

  /** Whether a run's log says how its job began (from a checkpoint or without one). */
  private static boolean saidHowItStarted(Path log) {
    try {
      return !howStarted(log).equals(KILLED_BEFORE_START);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<Path> jobDirectories(Path checkpoints) throws IOException {
    if (!Files.isDirectory(checkpoints)) {
      return Set.of();
    }
    try (Stream<Path> dirs = Files.list(checkpoints)) {
      return dirs.collect(Collectors.toSet());
    }
  }

  private static long countResumes(Path logs, int runs) throws IOException {
    long resumed = 0;
    for (int i = 1; i < runs; i++) {
      if (Files.readString(logs.resolve("run-" + i + ".log")).contains("resuming from checkpoint")) {
        resumed++;
      }
    }
    return resumed;
  }

  /** Reads the counts topic until two polls in a row find nothing new. */
  private static void drain(CountsView view) {
    int quiet = 0;
    while (quiet < 2) {
      quiet = view.poll(Duration.ofSeconds(1)) == 0 ? quiet + 1 : 0;
    }
  }

  private static List<String> jobArgs(List<String> runnerArgs, EmbeddedKafkaBroker broker) {
    List<String> args = new ArrayList<>(runnerArgs);
    args.addAll(
        List.of(
            "--bootstrapServers=" + broker.bootstrapServers(),
            "--inputTopic=rides",
            "--outputTopic=counts",
            "--deadLetterTopic=dlq",
            "--latestCountsTopic=latest",
            "--startingOffsets=EARLIEST",
            "--idlePartitionTimeoutSeconds=5"));
    return args;
  }
}
