package com.ridecounts.it.reliability;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.ridecounts.it.harness.Await;
import com.ridecounts.it.harness.GeneratedRides;
import com.ridecounts.it.harness.KafkaTestClients;
import com.ridecounts.it.harness.LauncherProcess;
import com.ridecounts.it.harness.Logs;
import com.ridecounts.launcher.CountsView;
import com.ridecounts.launcher.EmbeddedKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The counts topic is deleted while the job (DirectRunner, {@code ride-counts run} in a child JVM) is writing to it,
 * on a broker that never auto-creates topics. The job must not carry on silently: it must stop with a non-zero exit
 * and an error summary that ends on the Kafka client's error, once the producer gives up ({@code max.block.ms},
 * 60 s). With the exactly-once sink that error is the transaction that cannot commit ("Timeout expired after 60000ms
 * while awaiting EndTxn(true)"): Kafka's error does not name the topic.
 */
class OutputTopicDeletedIT {
  @TempDir Path tmp;

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
      try (Admin admin =
          Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
        admin.deleteTopics(List.of("gone-counts")).all().get(60, TimeUnit.SECONDS);
      }
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
}
