package com.ridecounts.it.reliability;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.ridecounts.it.harness.Await;
import com.ridecounts.it.harness.CountsOracle;
import com.ridecounts.it.harness.DeletedTopicRecords;
import com.ridecounts.it.harness.GeneratedRides;
import com.ridecounts.it.harness.KafkaTestClients;
import com.ridecounts.it.harness.LauncherProcess;
import com.ridecounts.it.harness.Logs;
import com.ridecounts.it.harness.WindowKey;
import com.ridecounts.it.spark.SparkRunCommand;
import com.ridecounts.launcher.CountsView;
import com.ridecounts.launcher.EmbeddedKafkaBroker;
import com.ridecounts.model.WindowCount;
import com.ridecounts.model.WindowCountJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The counts topic is deleted while the job ({@code ride-counts run} in a child JVM) is writing to it, on a broker
 * that never auto-creates topics. The job must not carry on silently.
 *
 * <ul>
 *   <li>DirectRunner (exactly-once sink): it stops with a non-zero exit and an error summary that ends on the Kafka
 *       client's error, once the producer gives up ({@code max.block.ms}, 60 s). That error is the transaction that
 *       cannot commit ("Timeout expired after 60000ms while awaiting EndTxn(true)"): Kafka's error does not name the
 *       topic.
 *   <li>SparkRunner with {@code --checkpointDir} (at-least-once sink): the job stays alive and logs an ERROR naming
 *       the topic while it is gone; the test re-creates the topic after {@link #GONE_FOR}. Then every (window, event
 *       type) whose final pane the old topic did not hold gets a final pane equal to the oracle's on the new topic.
 *       What the old topic held when it was deleted is read from the broker's log directory ({@link
 *       DeletedTopicRecords}), so panes written after the test's last poll count as held too: those are gone with the
 *       old topic, which is the operator's doing, and the job does not write them again.
 * </ul>
 */
class OutputTopicDeletedIT {
  private static final int BACKLOG = 6_000;
  /** How long the counts topic stays deleted once the job has written a final pane. */
  private static final Duration GONE_FOR = Duration.ofSeconds(25);
  /** The at-least-once sink's ERROR line while it cannot write the counts topic (RetryWhileUnwritableProducer). */
  private static final String STALLED = "Cannot write to topic(s) [counts] right now";

  @TempDir Path tmp;
  private final Path logs = Path.of("target", "output-topic-deleted-it");

  @Test
  void jobFailsLoudlyWhenItsOutputTopicDisappears() throws Exception {
    Path log = tmp.resolve("job.log");
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      broker.createTopic("rides", 1);
      broker.createTopic("gone-counts", 1);
      broker.createTopic("dlq", 1);
      KafkaTestClients.produce(broker.bootstrapServers(), "rides", GeneratedRides.realistic(5, 6_000), i -> 0);
      Process job = LauncherProcess.start(DirectRunJob.command(broker.bootstrapServers(), "gone-counts"), log);
      try (CountsView view = new CountsView(broker.bootstrapServers(), "gone-counts", Map.of())) {
        Await.until(
            "the job to write its first panes",
            Duration.ofMinutes(2),
            () -> view.poll(Duration.ofMillis(200)) >= 0 && view.panes() > 0,
            () -> "no pane yet; log:\n" + Logs.tail(log));
      }
      deleteTopic(broker, "gone-counts");
      try {
        assertThat("the job stops within 3 minutes, log:\n" + Logs.tail(log),
            job.waitFor(3, TimeUnit.MINUTES), equalTo(true));
        assertThat("non-zero exit, log:\n" + Logs.tail(log), job.exitValue() != 0, equalTo(true));
      } finally {
        job.destroyForcibly();
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      String errorSummary =
          output.substring(Math.max(0, output.lastIndexOf("ride-counts: ")));
      System.out.println("OutputTopicDeletedIT: " + errorSummary);
      assertThat(errorSummary, containsString("caused by: org.apache.kafka.common.errors."));
    }
  }

  @Test
  void sparkJobWaitsForTheTopicAndWritesTheFinalPanesItHasNotWritten() throws Exception {
    List<byte[]> values = GeneratedRides.realistic(41, BACKLOG);
    CountsOracle.Result expected = CountsOracle.jobDefaults().compute(values, 1);
    Path log = Files.createDirectories(logs).resolve("spark.log");
    Properties keepDeletedLogs = new Properties();
    keepDeletedLogs.setProperty("file.delete.delay.ms", String.valueOf(Duration.ofMinutes(30).toMillis()));
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(keepDeletedLogs)) {
      broker.createTopic("rides", 1);
      broker.createTopic("counts", 1);
      broker.createTopic("dlq", 1);
      KafkaTestClients.produce(broker.bootstrapServers(), "rides", values, i -> 0);
      Process job =
          LauncherProcess.start(
              SparkRunCommand.of(broker.bootstrapServers(), tmp.resolve("checkpoints"), "--maxOffsetsPerTrigger=150"),
              log);
      try {
        try (CountsView old = new CountsView(broker.bootstrapServers(), "counts", Map.of())) {
          Await.until(
              "the job to write its first final pane",
              Duration.ofMinutes(4),
              () -> {
                Logs.assertAlive(job, log);
                old.poll(Duration.ofMillis(300));
                return !old.finals().isEmpty();
              },
              () -> "no final pane yet; log:\n" + Logs.tail(log));
        }
        deleteTopic(broker, "counts");
        long deletedNanos = System.nanoTime();
        Duration toError =
            Await.until(
                "the ERROR naming the deleted topic",
                Duration.ofMinutes(3),
                () -> {
                  Logs.assertAlive(job, log);
                  sleep(Duration.ofMillis(300));
                  return Logs.contains(log, STALLED);
                },
                () -> "log:\n" + Logs.tail(log));
        Await.until(
            "the topic to stay deleted for " + GONE_FOR,
            GONE_FOR.plus(Duration.ofMinutes(1)),
            () -> {
              Logs.assertAlive(job, log);
              sleep(Duration.ofMillis(300));
              return System.nanoTime() - deletedNanos > GONE_FOR.toNanos();
            },
            () -> "");
        List<String> stalledLines = Files.readAllLines(log).stream().filter(l -> l.contains(STALLED)).toList();
        System.out.println("OutputTopicDeletedIT: SparkRunner: first ERROR line: " + stalledLines.get(0));
        List<WindowCount> oldPanes = new ArrayList<>();
        DeletedTopicRecords.values(broker.logDir(), "counts").forEach(v -> oldPanes.add(WindowCountJson.fromJson(v)));
        Set<WindowKey> finalOnOldTopic = new HashSet<>();
        oldPanes.stream().filter(WindowCount::isFinal).forEach(p -> finalOnOldTopic.add(keyOf(p)));
        TreeMap<WindowKey, Long> checked = new TreeMap<>(WindowKey.ORDER);
        expected.counts().forEach((key, count) -> {
          if (!finalOnOldTopic.contains(key)) {
            checked.put(key, count);
          }
        });

        broker.createTopic("counts", 1);
        long recreatedNanos = System.nanoTime();
        try (CountsView recreated = new CountsView(broker.bootstrapServers(), "counts", Map.of())) {
          Duration toNextPane =
              Await.until(
                  "the first pane on the re-created topic",
                  Duration.ofMinutes(3),
                  () -> {
                    Logs.assertAlive(job, log);
                    return recreated.poll(Duration.ofMillis(300)) > 0;
                  },
                  () -> "log:\n" + Logs.tail(log));
          Await.until(
              "final panes on the re-created topic for the " + checked.size() + " keys not final on the old one",
              Duration.ofMinutes(5),
              () -> {
                Logs.assertAlive(job, log);
                recreated.poll(Duration.ofMillis(500));
                return finalKeys(recreated).containsAll(checked.keySet());
              },
              () -> recreated.finals().size() + " final; log:\n" + Logs.tail(log));
          TreeMap<WindowKey, Long> finalsOfChecked = new TreeMap<>(WindowKey.ORDER);
          TreeMap<WindowKey, Long> allNewFinals = new TreeMap<>(WindowKey.ORDER);
          for (WindowCount pane : recreated.finals()) {
            allNewFinals.put(keyOf(pane), pane.count());
            if (checked.containsKey(keyOf(pane))) {
              finalsOfChecked.put(keyOf(pane), pane.count());
            }
          }
          assertThat("final panes of the keys not final on the old topic equal the oracle's",
              finalsOfChecked, equalTo(checked));
          TreeMap<WindowKey, Long> oracleOfNewFinals = new TreeMap<>(WindowKey.ORDER);
          allNewFinals.keySet().forEach(k -> oracleOfNewFinals.put(k, expected.counts().get(k)));
          assertThat("every final pane on the re-created topic equals the oracle's", allNewFinals,
              equalTo(oracleOfNewFinals));
          System.out.printf(
              "OutputTopicDeletedIT: SparkRunner: first ERROR %d ms after the deletion, %d ERROR lines in %d s"
                  + " deleted, first pane %d ms after the re-creation; old topic: %d panes, %d keys final;"
                  + " new topic: %d panes, %d keys final, %d of them final on the old topic too; %d keys, all"
                  + " checked keys (%d) final = oracle%n",
              toError.toMillis(), stalledLines.size(), GONE_FOR.toSeconds(), toNextPane.toMillis(), oldPanes.size(),
              finalOnOldTopic.size(), recreated.panes(), allNewFinals.size(),
              allNewFinals.keySet().stream().filter(finalOnOldTopic::contains).count(), expected.counts().size(),
              checked.size());
          System.out.printf("OutputTopicDeletedIT: SparkRunner: re-created %d ms after the deletion%n",
              TimeUnit.NANOSECONDS.toMillis(recreatedNanos - deletedNanos));
        }
      } finally {
        job.destroy();
        job.waitFor(60, TimeUnit.SECONDS);
        job.destroyForcibly();
      }
    }
  }

  private static void deleteTopic(EmbeddedKafkaBroker broker, String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      admin.deleteTopics(List.of(topic)).all().get(60, TimeUnit.SECONDS);
    }
  }

  private static Set<WindowKey> finalKeys(CountsView view) {
    Set<WindowKey> keys = new HashSet<>();
    view.finals().forEach(p -> keys.add(keyOf(p)));
    return keys;
  }

  private static WindowKey keyOf(WindowCount pane) {
    return new WindowKey(pane.windowStartMillis(), pane.windowEndMillis(), pane.eventType());
  }


  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
