package com.ridecounts.it.spark;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import com.ridecounts.it.harness.CountsOracle;
import com.ridecounts.it.harness.FinalPanes;
import com.ridecounts.it.harness.GeneratedRides;
import com.ridecounts.it.harness.KafkaTestClients;
import com.ridecounts.it.harness.LauncherProcess;
import com.ridecounts.launcher.EmbeddedKafkaBroker;
import com.ridecounts.spark.StaleCheckpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart from a checkpoint directory whose newest Spark checkpoint file refers to RDD checkpoints that Spark has
 * already deleted: the job must set that file aside, restore the newest whole checkpoint, and end on the oracle's
 * final counts.
 *
 * <p>{@code RepeatedKillIT} met this state twice after several SIGKILLs and restarts ({@code "requirement failed:
 * Checkpoint directory does not exist: .../rdd-86"}, and the job could not start again; see {@code StaleCheckpoints}
 * for how Spark gets there). The test makes that state deterministic: it kills the job mid-backlog (SIGKILL), deletes
 * an RDD checkpoint that the newest checkpoint file refers to and the next older one does not, checks that the newest
 * file now refers to a missing RDD checkpoint, and restarts the job.
 */
class SparkStaleCheckpointIT {
  private static final int BACKLOG = 4_000;

  @TempDir Path tmp;

  @Test
  void restartSetsAsideACheckpointThatRefersToDeletedRdds() throws Exception {
    List<byte[]> values = GeneratedRides.realistic(31, BACKLOG);
    CountsOracle.Result expected = CountsOracle.jobDefaults().compute(values, 1);
    Path checkpoints = tmp.resolve("checkpoints");
    Path sparkCheckpoints = checkpoints.resolve("spark-checkpoint");
    Path logs = Files.createDirectories(Path.of("target", "spark-stale-checkpoint-it"));
    Path firstLog = logs.resolve("first.log");
    Path secondLog = logs.resolve("second.log");

    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      broker.createTopic("rides", 1);
      broker.createTopic("counts", 1);
      broker.createTopic("dlq", 1);
      KafkaTestClients.produce(broker.bootstrapServers(), "rides", values, i -> 0);
      List<String> command = jobCommand(broker.bootstrapServers(), checkpoints);

      LauncherProcess.runUntilThenKill(command, firstLog, "12 completed micro-batches that read input",
          () -> BatchLogLines.withInput(firstLog).size() >= 12);

      Path stale = staleNewestCheckpoint(sparkCheckpoints);
      System.out.printf("SparkStaleCheckpointIT: %s refers to a deleted RDD checkpoint%n", stale.getFileName());

      FinalPanes.runToOracle(command, secondLog, broker.bootstrapServers(), expected);
      assertThat(Files.readString(secondLog), containsString("Set aside checkpoint file"));
      assertThat(Files.readString(secondLog), not(containsString("Checkpoint directory does not exist")));
      assertThat("the stale file was moved out of Spark's sight",
          Files.exists(sparkCheckpoints.resolve(StaleCheckpoints.SET_ASIDE).resolve(stale.getFileName())), equalTo(true));
    }
  }

  /**
   * Deletes an RDD checkpoint that the newest checkpoint file refers to and an older one does not, and returns the
   * newest file, which now refers to a deleted RDD checkpoint while the older one is whole.
   */
  private static Path staleNewestCheckpoint(Path dir) throws Exception {
    SparkConf conf = new SparkConf();
    Configuration hadoop = new Configuration();
    List<Path> files;
    try (Stream<Path> listing = Files.list(dir)) {
      files =
          listing
              .filter(p -> p.getFileName().toString().matches("checkpoint-\\d+"))
              .sorted((a, b) -> Long.compare(time(b), time(a)))
              .toList();
    }
    assertThat("checkpoint files " + files, files.size() >= 2, equalTo(true));
    List<String> newest = StaleCheckpoints.rddCheckpoints(hadoopPath(files.get(0)), hadoop, conf);
    List<String> older = StaleCheckpoints.rddCheckpoints(hadoopPath(files.get(1)), hadoop, conf);
    List<String> onlyNewest = newest.stream().filter(f -> !older.contains(f)).toList();
    assertThat(files.get(0) + " refers to an RDD checkpoint that " + files.get(1) + " does not: " + newest + " / "
        + older, onlyNewest.isEmpty(), equalTo(false));
    for (String rdd : onlyNewest) {
      FileUtils.deleteDirectory(localPath(rdd).toFile());
    }
    List<String> missing = newest.stream().filter(f -> !Files.exists(localPath(f))).toList();
    assertThat("the newest checkpoint file now refers to a deleted RDD checkpoint", missing, equalTo(onlyNewest));
    return files.get(0);
  }

  /** The local path of a {@code file:} URI that Spark recorded. */
  private static Path localPath(String uri) {
    return Path.of(java.net.URI.create(uri));
  }

  private static org.apache.hadoop.fs.Path hadoopPath(Path file) {
    return new org.apache.hadoop.fs.Path(file.toUri());
  }

  private static long time(Path checkpointFile) {
    return Long.parseLong(checkpointFile.getFileName().toString().substring("checkpoint-".length()));
  }

  /** {@code ride-counts run} on the SparkRunner (see {@link SparkRunCommand}) with this test's options. */
  private static List<String> jobCommand(String bootstrap, Path checkpoints) {
    return SparkRunCommand.of(bootstrap, checkpoints, "--maxOffsetsPerTrigger=150");
  }
}
