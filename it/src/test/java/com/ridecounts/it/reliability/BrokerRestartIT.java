package com.ridecounts.it.reliability;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import com.ridecounts.it.harness.Await;
import com.ridecounts.it.harness.FinalPanes;
import com.ridecounts.it.harness.GeneratedRides;
import com.ridecounts.it.harness.CountsOracle;
import com.ridecounts.it.harness.KafkaTestClients;
import com.ridecounts.it.harness.LauncherProcess;
import com.ridecounts.it.harness.Logs;
import com.ridecounts.launcher.CountsView;
import com.ridecounts.launcher.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka broker restarts while the job (DirectRunner, exactly-once sink, {@code ride-counts run} in a child JVM) is
 * in the middle of a backlog: its clients lose their connections for the downtime and must reconnect. The job must
 * keep running and end with the same final counts as without the restart, and a read_committed consumer must see no
 * pane twice (nothing lost, nothing counted twice).
 */
class BrokerRestartIT {
  private static final Duration DOWNTIME = Duration.ofSeconds(10);

  @TempDir Path tmp;

  @Test
  void jobWaitsForTheBrokerAndResumesWithoutLossOrDuplicates() throws Exception {
    List<byte[]> values = GeneratedRides.realistic(11, 6_000);
    CountsOracle.Result expected = CountsOracle.jobDefaults().compute(values, 1);
    Path log = tmp.resolve("job.log");

    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      broker.createTopic("rides", 1);
      broker.createTopic("counts", 1);
      broker.createTopic("dlq", 1);
      KafkaTestClients.produce(broker.bootstrapServers(), "rides", values, i -> 0);
      Process job = LauncherProcess.start(DirectRunJob.command(broker.bootstrapServers(), "counts"), log);
      try (CountsView view = new CountsView(broker.bootstrapServers(), "counts", Map.of())) {
        Await.until(
            "the job to write its first panes",
            Duration.ofMinutes(2),
            () -> view.poll(Duration.ofMillis(200)) >= 0 && view.panes() > 0,
            () -> "no pane yet; log:\n" + Logs.tail(log));
        assertThat("restarted mid-stream, before every key was final", view.finals().size(),
            lessThan(expected.counts().size()));

        broker.restart(DOWNTIME);

        FinalPanes.awaitAll(view, job, log, expected.counts().size(), Duration.ofMinutes(4));
        assertThat(FinalPanes.resultLines(view.finals()), equalTo(expected.finalLines()));
        assertThat("no pane twice on read_committed", view.duplicatePanes(), equalTo(0L));
        assertThat(view.panesAfterFinal(), equalTo(0L));
        assertThat(view.decreasingCounts(), equalTo(0L));
        Await.until(
            "every dead letter, once",
            Duration.ofMinutes(1),
            () -> KafkaTestClients.readAll(broker.bootstrapServers(), "dlq", KafkaTestClients.Isolation.READ_COMMITTED)
                    .records().size() == expected.invalid(),
            () -> "dead letters differ; log:\n" + Logs.tail(log));
        System.out.printf(
            "BrokerRestartIT: %d panes, %d final, broker down for %d s mid-stream%n",
            view.panes(), view.finals().size(), DOWNTIME.toSeconds());
      } finally {
        job.destroy();
        job.waitFor(60, TimeUnit.SECONDS);
        job.destroyForcibly();
      }
    }
  }
}
