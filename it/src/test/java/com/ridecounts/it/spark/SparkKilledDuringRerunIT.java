package com.ridecounts.it.spark;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import com.ridecounts.it.harness.CountsOracle;
import com.ridecounts.it.harness.FinalPanes;
import com.ridecounts.it.harness.GeneratedRides;
import com.ridecounts.it.harness.KafkaTestClients;
import com.ridecounts.it.harness.LauncherProcess;
import com.ridecounts.it.harness.Logs;
import com.ridecounts.launcher.EmbeddedKafkaBroker;
import com.ridecounts.spark.StaleCheckpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on the SparkRunner is killed (SIGKILL) while it re-runs the batches of a long down time after a restart,
 * and restarted again: no checkpoint file it left may make Spark recompute the state from the job's first batch, and
 * the last run must end on the oracle's final counts.
 *
 * <ol>
 *   <li>A 4,000-record backlog on one partition; the first run ({@code --maxOffsetsPerTrigger=150}) is killed after 6
 *       micro-batches that read input.
 *   <li>{@value #DOWN_SECONDS} s of down time, so the restart re-runs about {@value #DOWN_SECONDS}/2 batches, which
 *       Spark generates at once while they run ({@code JobGenerator.restart}). The second run is killed once those
 *       are generated and {@value #SECOND_RUN_BATCHES} batches have completed: checkpoints of re-run batches are then
 *       written after later batches completed.
 *   <li>Every checkpoint file in the directory must still hold state at or before its own batch time ({@link
 *       StaleCheckpoints#recomputesFromFirstBatch}). With Spark's default remember duration (two batch intervals
 *       for a stream checkpointed every batch) this failed: the newest file named a re-run batch whose state the
 *       streams had already forgotten, and the job restored from it read the topic again from its start
 *       ({@code RememberBatchesListener}). The third run must restore without recomputing from the first batch
 *       (Spark's {@code InputDStream} warns "isTimeValid called with T" when the source is asked for an earlier batch
 *       than it last computed, T being the first batch's time in that case) and end on the oracle's final counts.
 * </ol>
 */
class SparkKilledDuringRerunIT {
  private static final int BACKLOG = 4_000;
  private static final int DOWN_SECONDS = 40;
  private static final int SECOND_RUN_BATCHES = 12;

  @TempDir Path tmp;

  @Test
  void killDuringTheRerunOfADownTimeLeavesCheckpointsThatRestoreTheirOwnState() throws Exception {
    List<byte[]> values = GeneratedRides.realistic(47, BACKLOG);
    CountsOracle.Result expected = CountsOracle.jobDefaults().compute(values, 1);
    Path checkpoints = tmp.resolve("checkpoints");
    Path sparkCheckpoints = checkpoints.resolve("spark-checkpoint");
    Path logs = Files.createDirectories(Path.of("target", "spark-killed-during-rerun-it"));
    Path firstLog = logs.resolve("first.log");
    Path secondLog = logs.resolve("second.log");
    Path thirdLog = logs.resolve("third.log");

    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      broker.createTopic("rides", 1);
      broker.createTopic("counts", 1);
      broker.createTopic("dlq", 1);
      KafkaTestClients.produce(broker.bootstrapServers(), "rides", values, i -> 0);
      List<String> command = SparkRunCommand.of(broker.bootstrapServers(), checkpoints, "--maxOffsetsPerTrigger=150");

      LauncherProcess.runUntilThenKill(command, firstLog, "6 micro-batches that read input",
          () -> BatchLogLines.withInput(firstLog).size() >= 6);
      Thread.sleep(DOWN_SECONDS * 1000L);
      LauncherProcess.runUntilThenKill(command, secondLog,
          "the down time's batches generated and " + SECOND_RUN_BATCHES + " completed",
          () -> Logs.contains(secondLog, "Restarted JobGenerator at")
              && BatchLogLines.read(secondLog).size() >= SECOND_RUN_BATCHES);

      assertThat("checkpoint files that would recompute the state from the first batch",
          recomputingFromFirstBatch(sparkCheckpoints), empty());

      FinalPanes.runToOracle(command, thirdLog, broker.bootstrapServers(), expected);
      String thirdRun = Files.readString(thirdLog);
      assertThat(thirdRun, containsString("Batches to reschedule"));
      assertThat("the source was not asked for the first batch again", thirdRun,
          not(containsString("isTimeValid called with " + firstBatchTime(firstLog) + " ms")));
      assertThat(thirdRun, not(containsString("Set aside checkpoint file")));
    }
  }

  /** The time of the job's first batch, from Spark's "Started JobGenerator at T ms" line in the first run's log. */
  private static String firstBatchTime(Path firstLog) throws IOException {
    Matcher started = Pattern.compile("Started JobGenerator at (\\d+) ms").matcher(Files.readString(firstLog));
    assertThat("the first run started its JobGenerator", started.find(), equalTo(true));
    return started.group(1);
  }

  /** The checkpoint files in {@code dir} whose restore would recompute a stream's state from the first batch. */
  private static List<String> recomputingFromFirstBatch(Path dir) throws IOException {
    SparkConf conf = new SparkConf();
    Configuration hadoop = new Configuration();
    List<String> bad = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> listing = Files.list(dir)) {
      files = listing.filter(p -> p.getFileName().toString().startsWith("checkpoint-")).sorted().toList();
    }
    assertThat("checkpoint files in " + dir, files, not(empty()));
    for (Path file : files) {
      Boolean recomputes =
          StaleCheckpoints.recomputesFromFirstBatch(new org.apache.hadoop.fs.Path(file.toUri()), hadoop, conf);
      System.out.printf("SparkKilledDuringRerunIT: %s recomputes from the first batch: %s%n", file.getFileName(),
          recomputes);
      if (Boolean.TRUE.equals(recomputes)) {
        bad.add(file.getFileName().toString());
      }
    }
    return bad;
  }
}
