package com.ridecounts.it.spark;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.ridecounts.it.harness.Await;
import com.ridecounts.it.harness.GeneratedRides;
import com.ridecounts.it.harness.CountsOracle;
import com.ridecounts.it.harness.KafkaTestClients;
import com.ridecounts.it.harness.Logs;
import com.ridecounts.launcher.CountsView;
import com.ridecounts.launcher.EmbeddedKafkaBroker;
import com.ridecounts.launcher.RideEventGenerator;
import com.ridecounts.model.WindowCount;
import com.ridecounts.model.WindowCountJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled jar on a real Spark standalone cluster (a master and two workers, separate JVMs on loopback), submitted
 * with spark-submit's main class in client mode, reading from and writing to the embedded Kafka broker. The final
 * counts must equal those of an independent oracle.
 */
class SparkClusterIT {
  private static final int PARTITIONS = 2;

  @TempDir Path tmp;

  @Test
  void bundledJarOnAStandaloneClusterProducesTheOracleCounts() throws Exception {
    Path bundle = Path.of(System.getProperty("rideCounts.sparkBundle"));
    assertThat("bundled jar built by runners/spark: " + bundle, Files.isRegularFile(bundle), equalTo(true));
    List<byte[]> values = GeneratedRides.generate(new RideEventGenerator(7, new RideEventGenerator.Profile(0.0, 1, 2_000, 0.01)), 2_000, 50L);
    CountsOracle.Result expected = CountsOracle.jobDefaults().compute(values, PARTITIONS);

    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        SparkStandaloneCluster cluster = SparkStandaloneCluster.start(2, "1g")) {
      broker.createTopic("rides", PARTITIONS);
      broker.createTopic("counts", 1);
      broker.createTopic("dlq", 1);
      KafkaTestClients.produce(broker.bootstrapServers(), "rides", values, i -> i % PARTITIONS);

      Path driverLog = tmp.resolve("driver.log");
      Process driver =
          cluster.submit(
              bundle,
              "com.ridecounts.spark.RideCountsSparkJob",
              Arrays.asList(System.getProperty("rideCounts.addOpens").trim().split("\\s+")),
              List.of("spark.executor.memory=512m", "spark.cores.max=2", "spark.ui.enabled=false"),
              List.of(
                  "--bootstrapServers=" + broker.bootstrapServers(),
                  "--inputTopic=rides",
                  "--outputTopic=counts",
                  "--deadLetterTopic=dlq",
                  "--startingOffsets=EARLIEST",
                  "--idlePartitionTimeoutSeconds=5",
                  "--checkpointDir=" + tmp.resolve("checkpoints")),
              driverLog);
      try (CountsView view = new CountsView(broker.bootstrapServers(), "counts", Map.of())) {
        Await.until(
            "final panes for every (window, event type) of the oracle",
            Duration.ofMinutes(4),
            () -> {
              view.poll(Duration.ofMillis(500));
              if (!driver.isAlive()) {
                throw new AssertionError("driver exited with " + driver.exitValue() + ":\n" + Logs.tail(driverLog));
              }
              return view.finals().size() >= expected.counts().size();
            },
            () -> view.finals().size() + " of " + expected.counts().size() + " final panes; driver log:\n"
                + Logs.tail(driverLog));
        List<String> actual = new ArrayList<>();
        for (WindowCount count : view.finals()) {
          actual.add(WindowCountJson.toResultJson(count));
        }
        assertThat(actual, equalTo(expected.finalLines()));
        assertThat(view.panesAfterFinal(), equalTo(0L));
        assertThat(view.decreasingCounts(), equalTo(0L));
        for (String worker : List.of("worker-0", "worker-1")) {
          assertThat(
              "an executor of the job ran on " + worker,
              Files.readString(cluster.log(worker)).contains("Asked to launch executor"),
              equalTo(true));
        }
      } finally {
        driver.destroy();
        driver.waitFor();
      }
    }
  }
}
