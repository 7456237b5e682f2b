package com.ridecounts.it.spark;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;

import com.ridecounts.it.harness.Await;
import com.ridecounts.it.harness.CountsOracle;
import com.ridecounts.it.harness.FinalPanes;
import com.ridecounts.it.harness.GeneratedRides;
import com.ridecounts.it.harness.KafkaTestClients;
import com.ridecounts.it.harness.LauncherProcess;
import com.ridecounts.it.harness.Logs;
import com.ridecounts.launcher.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL inside the job's very first micro-batch on the SparkRunner, then a restart from the same checkpoint
 * directory: the final counts must equal the oracle's, i.e. nothing the first batch read may be lost.
 *
 * <p>The first batch must read input for this to mean anything, so the job runs with {@code --batchIntervalMillis=3000 --minReadTimeMillis=2500}
 * (Spark's read budget per batch; the default 200 ms is often used up by opening the Kafka reader, and then the first
 * batch reads nothing) and {@code --maxOffsetsPerTrigger=1000}, which ends the read after 1,000 of the 3,000 backlog
 * records. The realistic input has malformed records, and the dead-letter sink writes them in the batch that read
 * them: the test kills the job as soon as the first dead letter reaches the broker, then checks from the log ({@code
 * BatchLogListener}) that no micro-batch had completed, and reports the offsets committed to the consumer group.
 *
 * <p>What it caught: KafkaIO commits the consumer group's offsets when the runner finalizes a checkpoint mark, and the
 * SparkRunner finalizes it at the end of each micro-batch <em>read</em>, before the batch's state is checkpointed. In
 * one run the job was killed with 2,001 offsets committed, before Spark had written its first checkpoint (the
 * checkpoint writer ran late on a loaded machine); the restart found no checkpoint, started at the committed offsets
 * and never counted the first 2,001 records. On the SparkRunner the input now ignores offsets committed to the group
 * ({@code --startFromCommittedOffsets} defaults to false there): a partition without a checkpointed offset starts at
 * {@code --startingOffsets}, as a Spark Structured Streaming query does.
 */
class SparkFirstBatchKillIT {
  private static final int BACKLOG = 3_000;
  private static final String GROUP = "first-batch-kill";

  @TempDir Path tmp;

  @Test
  void killInsideTheFirstMicroBatchLosesNothing() throws Exception {
    List<byte[]> values = GeneratedRides.realistic(7, BACKLOG);
    CountsOracle.Result expected = CountsOracle.jobDefaults().compute(values, 1);
    Path checkpoints = tmp.resolve("checkpoints");
    Path logs = Files.createDirectories(Path.of("target", "spark-first-batch-kill-it"));
    Path firstLog = logs.resolve("first.log");
    Path secondLog = logs.resolve("second.log");

    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      broker.createTopic("rides", 1);
      broker.createTopic("counts", 1);
      broker.createTopic("dlq", 1);
      KafkaTestClients.produce(broker.bootstrapServers(), "rides", values, i -> 0);
      List<String> command = jobCommand(broker.bootstrapServers(), checkpoints);

      Process first = LauncherProcess.start(command, firstLog);
      long committedAtKill;
      try (Admin admin = admin(broker.bootstrapServers())) {
        Await.until(
            "the first dead letters, written while the first micro-batch runs",
            Duration.ofMinutes(3),
            () -> {
              if (!first.isAlive()) {
                throw new AssertionError("job exited:\n" + Logs.tail(firstLog));
              }
              return endOffset(admin, "dlq") > 0;
            },
            () -> "log:\n" + Logs.tail(firstLog));
        first.destroyForcibly(); // SIGKILL
        first.waitFor();
        committedAtKill = committedOffsets(admin);
      }
      assertThat("no micro-batch had completed when the job was killed", BatchLogLines.read(firstLog), empty());
      System.out.printf(
          "SparkFirstBatchKillIT: killed inside the first micro-batch; offsets committed to the group: %d%n", committedAtKill);

      FinalPanes.runToOracle(command, secondLog, broker.bootstrapServers(), expected);
    }
  }

  private static Admin admin(String bootstrap) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return Admin.create(props);
  }

  /** The end offset of partition 0 of {@code topic}. */
  private static long endOffset(Admin admin, String topic) {
    try {
      TopicPartition partition = new TopicPartition(topic, 0);
      return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition).get().offset();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The sum of the offsets committed to the job's consumer group (0 while it has none). */
  private static long committedOffsets(Admin admin) {
    try {
      Map<?, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
      return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code ride-counts run} on the SparkRunner (see {@link SparkRunCommand}) with this test's options. */
  private static List<String> jobCommand(String bootstrap, Path checkpoints) {
    return SparkRunCommand.of(
        bootstrap,
        checkpoints,
        "--consumerGroupId=" + GROUP,
        "--maxOffsetsPerTrigger=1000",
        "--batchIntervalMillis=3000",
        "--minReadTimeMillis=2500");
  }
}
