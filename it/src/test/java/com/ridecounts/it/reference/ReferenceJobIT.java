package com.ridecounts.it.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ridecounts.it.harness.Await;
import com.ridecounts.it.harness.ConsumedRecord;
import com.ridecounts.it.harness.CountsOracle;
import com.ridecounts.it.harness.KafkaTestClients;
import com.ridecounts.it.harness.WindowKey;
import com.ridecounts.launcher.EmbeddedKafkaBroker;
import com.ridecounts.launcher.ReferenceJob;
import com.ridecounts.launcher.RideEventGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The REFERENCE port of the seed's Spark Structured Streaming query ({@code runners/reference}), found the way the
 * launcher finds it ({@code --runner=SparkStructuredStreamingReference} through {@link ReferenceJob}), against a real
 * embedded broker. On an input with neither late nor malformed events the seed's semantics and the Beam job's agree, so
 * the latest value per (window, event type) on the counts topic must equal the {@link CountsOracle}'s final counts.
 * Several micro-batches (maxOffsetsPerTrigger 300, 1 s trigger) and 2 input partitions exercise the state carried
 * between batches; out-of-order jitter of a few seconds and null event types are in the input.
 */
class ReferenceJobIT {
  private static final int EVENTS = 1500;
  private static final int PARTITIONS = 2;
  private static final long START = Instant.parse("2024-03-10T08:00:00Z").toEpochMilli();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  @Timeout(150)
  void latestCountsEqualOracleOnCleanInput() throws Exception {
    // no late events, 3 s of jitter (far inside the 10-minute watermark delay), no malformed records
    RideEventGenerator generator = new RideEventGenerator(7L, new RideEventGenerator.Profile(0, 0, 3_000, 0));
    List<byte[]> values = new ArrayList<>();
    for (int i = 0; i < EVENTS; i++) {
      values.add(generator.next(START + i * 200L)); // 5 events/s: 5 minutes of event time, ~11 windows
    }
    CountsOracle.Result expected = CountsOracle.jobDefaults().compute(values, PARTITIONS);
    assertEquals(EVENTS, expected.valid(), "precondition: no malformed records");
    assertEquals(0, expected.droppedLate(), "precondition: nothing late");
    assertTrue(
        expected.counts().keySet().stream().anyMatch(k -> k.eventType() == null),
        "precondition: the null event type is in the input");

    ReferenceJob job =
        ReferenceJob.selectedBy(new String[] {"--runner=SparkStructuredStreamingReference"})
            .orElseThrow(() -> new AssertionError("the reference job is not on the classpath (ServiceLoader)"));
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
      kafka.createTopic("rides", PARTITIONS);
      kafka.createTopic("counts", 1);
      KafkaTestClients.produce(kafka.bootstrapServers(), "rides", values, i -> i % PARTITIONS);

      long started = System.nanoTime();
      try (ReferenceJob.Running running =
          job.start(
              Map.of(
                  "bootstrapServers", kafka.bootstrapServers(),
                  "inputTopic", "rides",
                  "outputTopic", "counts",
                  "consumerGroupId", "reference-it",
                  "startingOffsets", "EARLIEST",
                  "maxOffsetsPerTrigger", "300",
                  "triggerIntervalSeconds", "1",
                  "sparkMaster", "local[2]"))) {
        Await.until(
            "the reference query to process every input record",
            Duration.ofSeconds(100),
            () -> {
              if (!running.isActive()) {
                throw new AssertionError("the query ended", running.failure().orElse(null));
              }
              sleep(200);
              return running.inputRows() >= EVENTS;
            },
            () -> running.inputRows() + " input rows in " + running.batches() + " batches");
        System.out.printf(
            "ReferenceJobIT: %d rows in %d micro-batches, %d dropped by the watermark, %.1f s%n",
            running.inputRows(), running.batches(), running.rowsDroppedByWatermark(),
            (System.nanoTime() - started) / 1e9);
        assertTrue(running.batches() >= EVENTS / 300, "several micro-batches");
        assertEquals(0, running.rowsDroppedByWatermark(), "no row dropped by the watermark");
      }

      // Update mode: every batch re-emits the full count of each key it changed. Latest per key = the result.
      TreeMap<WindowKey, Long> latest = new TreeMap<>(WindowKey.ORDER);
      List<ConsumedRecord> rows =
          KafkaTestClients.readAll(kafka.bootstrapServers(), "counts", KafkaTestClients.Isolation.READ_UNCOMMITTED)
              .records();
      for (ConsumedRecord row : rows) {
        JsonNode node = MAPPER.readTree(row.value());
        JsonNode type = node.get("event_type"); // to_json leaves a null field out
        WindowKey key =
            new WindowKey(
                Instant.parse(node.get("window").get("start").asText()).toEpochMilli(),
                Instant.parse(node.get("window").get("end").asText()).toEpochMilli(),
                type == null || type.isNull() ? null : type.asText());
        assertEquals(key.eventType(), row.key(), "the record key is CAST(event_type AS STRING)");
        latest.put(key, node.get("event_count").asLong());
      }
      assertTrue(rows.size() > latest.size(), "update mode wrote some keys more than once: " + rows.size());
      assertEquals("", difference(expected.counts(), latest), "latest per key vs oracle (expected -> actual)");
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String difference(TreeMap<WindowKey, Long> expected, TreeMap<WindowKey, Long> actual) {
    TreeSet<WindowKey> keys = new TreeSet<>(WindowKey.ORDER);
    keys.addAll(expected.keySet());
    keys.addAll(actual.keySet());
    StringBuilder diff = new StringBuilder();
    for (WindowKey key : keys) {
      if (!Objects.equals(expected.get(key), actual.get(key))) {
        diff.append("\n  ").append(key).append(": ").append(expected.get(key)).append(" -> ").append(actual.get(key));
      }
    }
    return diff.toString();
  }
}
