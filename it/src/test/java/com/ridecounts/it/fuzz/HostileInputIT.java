package com.ridecounts.it.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ridecounts.it.harness.Await;
import com.ridecounts.it.harness.ConsumedRecord;
import com.ridecounts.it.harness.CountsOracle;
import com.ridecounts.it.harness.HostilePayloads;
import com.ridecounts.it.harness.KafkaTestClients;
import com.ridecounts.it.harness.KafkaTestClients.Isolation;
import com.ridecounts.it.harness.WindowKey;
import com.ridecounts.launcher.CountsView;
import com.ridecounts.launcher.EmbeddedKafkaBroker;
import com.ridecounts.model.RejectReason;
import com.ridecounts.model.WindowCount;
import com.ridecounts.pipeline.JobCounters;
import com.ridecounts.pipeline.RideCountsPipeline;
import com.ridecounts.pipeline.options.RideCountsOptions;
import com.ridecounts.transforms.RideCountsMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile input through the real pipeline (DirectRunner, exactly-once sink) on the embedded broker: {@code
 * rideCounts.fuzzPayloads} (100,000) values from {@link HostilePayloads} on two partitions: valid, late and too-late
 * events among random bytes, truncated and deeply nested JSON, 1 MB strings, out-of-range numbers, NaN, duplicate keys,
 * invalid UTF-8, nulls, empty values and tombstones, wrong types, timestamps at the long limits and valid events
 * timestamped in 2100 and 9999, which must be dead-lettered (FUTURE_TIMESTAMP) without making the real data late.
 *
 * <p>The job must neither crash nor stall, and its accounts must balance against the independent {@link CountsOracle}:
 * every record read; every valid one counted in its windows or dropped as too late (final counts and dropped
 * assignments equal the oracle's); every invalid one on the dead-letter topic exactly once, with a known reason; a
 * dead letter of a 1 MB original truncated but identified by its size and SHA-256.
 */
class HostileInputIT {
  private static final int PAYLOADS = Integer.getInteger("rideCounts.fuzzPayloads", 100_000);
  private static final int PARTITIONS = 2;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  @Timeout(1800)
  void everyPayloadIsCountedDroppedAsLateOrDeadLetteredWithAReason() throws Exception {
    List<byte[]> values =
        new HostilePayloads(2026, Instant.parse("2024-03-10T08:00:00Z").toEpochMilli()).generate(PAYLOADS);
    CountsOracle.Result oracle = CountsOracle.jobDefaults().compute(values, PARTITIONS);

    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      String bootstrap = broker.bootstrapServers();
      broker.createTopic("rides", PARTITIONS);
      broker.createTopic("counts", 1);
      broker.createTopic("dlq", 1);
      KafkaTestClients.produce(bootstrap, "rides", values, i -> i % PARTITIONS);

      PipelineOptionsFactory.register(RideCountsOptions.class);
      RideCountsOptions options =
          PipelineOptionsFactory.fromArgs(
                  "--runner=DirectRunner",
                  "--blockOnRun=false",
                  "--enforceImmutability=false",
                  "--enforceEncodability=false",
                  "--bootstrapServers=" + bootstrap,
                  "--inputTopic=rides",
                  "--outputTopic=counts",
                  "--deadLetterTopic=dlq",
                  "--startingOffsets=EARLIEST",
                  "--idlePartitionTimeoutSeconds=5",
                  "--deliveryGuarantee=EXACTLY_ONCE")
              .withValidation()
              .as(RideCountsOptions.class);
      PipelineResult job = RideCountsPipeline.run(options);
      try (CountsView view = new CountsView(bootstrap, "counts", Map.of())) {
        Duration took =
            Await.until(
                "every record read and every window final",
                Duration.ofMinutes(25),
                () -> {
                  view.poll(Duration.ofMillis(500));
                  if (job.getState().isTerminal()) {
                    throw new AssertionError("the job ended: " + job.getState());
                  }
                  JobCounters counters = JobCounters.of(job);
                  return counters.get(RideCountsMetrics.RECORDS_READ) >= PAYLOADS
                      && view.finals().size() >= oracle.counts().size()
                      && view.finalCountSum() + counters.droppedLate() >= oracle.assignments();
                },
                () -> JobCounters.of(job).get(RideCountsMetrics.RECORDS_READ) + " read, " + view.finals().size()
                    + " of " + oracle.counts().size() + " final");

        JobCounters counters = JobCounters.of(job);
        assertEquals(PAYLOADS, counters.get(RideCountsMetrics.RECORDS_READ), "records_read");
        assertEquals(oracle.valid(), counters.get(RideCountsMetrics.EVENTS_VALID), "events_valid");
        assertEquals(oracle.invalid(), counters.get(RideCountsMetrics.DEAD_LETTERED), "dead_lettered");
        assertEquals(oracle.assignments(), counters.get(RideCountsMetrics.WINDOW_ASSIGNMENTS), "window_assignments");
        assertEquals(oracle.droppedLate(), counters.droppedLate(), "assignments dropped as too late");
        // Per record: read = counted + dropped as too late + dead-lettered, each total as the oracle computes it.
        assertEquals(oracle.valid() - oracle.eventsDroppedLate(), counters.get(RideCountsMetrics.EVENTS_COUNTED));
        assertEquals(oracle.eventsDroppedLate(), counters.get(RideCountsMetrics.EVENTS_DROPPED_LATE));
        assertEquals(
            PAYLOADS,
            counters.get(RideCountsMetrics.EVENTS_COUNTED) + counters.get(RideCountsMetrics.EVENTS_DROPPED_LATE)
                + counters.get(RideCountsMetrics.DEAD_LETTERED),
            "read = counted + dropped late + dead-lettered");
        TreeMap<WindowKey, Long> finals = new TreeMap<>(WindowKey.ORDER);
        for (WindowCount count : view.finals()) {
          finals.put(new WindowKey(count.windowStartMillis(), count.windowEndMillis(), count.eventType()), count.count());
        }
        assertEquals(oracle.counts(), finals, "final counts");
        assertEquals(oracle.assignments(), view.finalCountSum() + counters.droppedLate(), "assignments balance");

        List<ConsumedRecord> deadLetters = readDeadLetters(bootstrap, oracle.invalid());
        Set<String> reasons =
            EnumSet.allOf(RejectReason.class).stream().map(Enum::name).collect(Collectors.toSet());
        Set<String> sources = new java.util.HashSet<>();
        long truncated = 0;
        long future = 0;
        for (ConsumedRecord record : deadLetters) {
          JsonNode letter = MAPPER.readTree(record.value());
          assertTrue(reasons.contains(letter.get("reason").asText()), letter.get("reason").asText());
          assertTrue(sources.add(record.key()), "dead letter twice");
          if (letter.get("reason").asText().equals("FUTURE_TIMESTAMP")) {
            future++;
          }
          if (letter.path("payload_truncated").asBoolean()) {
            truncated++;
            assertTrue(letter.get("payload_size_bytes").asInt() > 900_000, "a 1 MB original");
            assertEquals(64, letter.get("payload_sha256").asText().length());
          }
        }
        assertEquals(oracle.invalid(), deadLetters.size(), "one dead letter per invalid record");
        long limit = System.currentTimeMillis();
        long farFuture =
            values.stream()
                .filter(v -> CountsOracle.validate(v).map(e -> e.ts() > limit + CountsOracle.MAX_AHEAD_MILLIS)
                    .orElse(false))
                .count();
        assertTrue(farFuture > 0, "precondition: valid events timestamped far in the future");
        assertEquals(farFuture, future, "FUTURE_TIMESTAMP dead letters");
        // HostilePayloads puts a malformed 1 MB value at i = 37,345 + 50,000 k
        long hugeMalformed = PAYLOADS > 37_345 ? (PAYLOADS - 37_345 - 1) / 50_000 + 1 : 0;
        assertEquals(hugeMalformed, truncated, "truncated 1 MB originals");
        System.out.printf(
            "HostileInputIT: %d payloads (%d valid of which %d dropped as too late, %d dead-lettered), %d assignments"
                + " (%d counted, %d dropped late),"
                + " %d final results; done %.0f s after start%n",
            PAYLOADS, oracle.valid(), oracle.eventsDroppedLate(), oracle.invalid(), oracle.assignments(),
            view.finalCountSum(),
            counters.droppedLate(), finals.size(), took.toMillis() / 1000.0);
      } finally {
        job.cancel();
      }
    }
  }

  /** The whole dead-letter topic (read_committed), waiting until it holds at least {@code expected} records. */
  private static List<ConsumedRecord> readDeadLetters(String bootstrap, long expected) {
    List<ConsumedRecord> records = new java.util.ArrayList<>();
    Await.until(
        "every dead letter",
        Duration.ofMinutes(2),
        () -> {
          records.clear();
          records.addAll(KafkaTestClients.readAll(bootstrap, "dlq", Isolation.READ_COMMITTED).records());
          return records.size() >= expected;
        },
        () -> records.size() + " of " + expected + " dead letters");
    return records;
  }
}
