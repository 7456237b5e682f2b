package com.ridecounts.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ridecounts.it.harness.Await;
import com.ridecounts.it.harness.ConsumedRecord;
import com.ridecounts.it.harness.CountsOracle;
import com.ridecounts.it.harness.KafkaTestClients;
import com.ridecounts.it.harness.KafkaTestClients.Isolation;
import com.ridecounts.it.harness.KafkaTestClients.TopicContents;
import com.ridecounts.it.harness.OutputRecords;
import com.ridecounts.it.harness.OutputRecords.CountPane;
import com.ridecounts.it.harness.OutputRecords.DeadLetter;
import com.ridecounts.it.harness.TopicWatcher;
import com.ridecounts.it.harness.WindowKey;
import com.ridecounts.launcher.EmbeddedKafkaBroker;
import com.ridecounts.pipeline.JobCounters;
import com.ridecounts.pipeline.RideCountsPipeline;
import com.ridecounts.pipeline.options.RideCountsOptions;
import com.ridecounts.transforms.RideCountsMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole job on the DirectRunner against a real (embedded KRaft) broker: a hand-written input topic with valid,
 * out-of-order, too-late and malformed records of every kind, then the exact final count of every (window, event
 * type), the output record format, every dead letter, and the transactional (exactly-once) output.
 *
 * <p>The input is historical (2024), all produced before the job starts. With {@code idlePartitionTimeoutSeconds=3}
 * the drained partition's watermark jumps to the wall clock, which closes every window, so every key gets its final
 * pane a few seconds after the last record is read.
 */
class PipelineEndToEndIT {
  private static final long T0 = Instant.parse("2024-03-10T08:00:00Z").toEpochMilli();
  private static final long MINUTE = 60_000L;
  private static final long FAR_FUTURE_TS = T0 + 60 * MINUTE; // in malformed records: must never move the watermark
  private static final Duration WAIT_FOR_RESULTS = Duration.ofSeconds(90);

  /** One input value and, for a malformed one, the reason code the dead letter must carry. */
  private record Input(String label, byte[] value, String expectedReason) {
    boolean valid() {
      return expectedReason == null;
    }
  }

  private static Input valid(String id, String typeJson, long offsetMillis, String extraJson) {
    String typeField = typeJson == null ? "" : ",\"event_type\":" + typeJson;
    String json =
        "{\"event_id\":\"" + id + "\",\"user_id\":\"u-" + id + "\"" + typeField + extraJson + ",\"ts\":"
            + (T0 + offsetMillis) + "}";
    return new Input(id, json.getBytes(StandardCharsets.UTF_8), null);
  }

  private static Input malformed(String label, String value, String reason) {
    return new Input(label, value == null ? null : value.getBytes(StandardCharsets.UTF_8), reason);
  }

  /**
   * The input topic, in offset order (one partition). Valid events, times relative to T0 = 2024-03-10T08:00:00Z and
   * windows W(a) = [T0 + a s, T0 + a s + 60 s); the watermark before a record is the largest earlier valid ts:
   *
   * <pre>
   *  v1  ride_requested   0:05       W(-30) W(0)
   *  v2  ride_requested   0:40       W(0)   W(30)
   *  v3  (type absent)    0:45       W(0)   W(30)
   *  v4  (type null)      1:10       W(30)  W(60)
   *  v5  ride_started     1:05       W(30)  W(60)      out of order (wm 1:10), both windows open: counted
   *  v6  ride_requested   0:20       W(-30) W(0)       out of order (wm 1:10), counted
   *  v7  ride_started    11:59.999   W(660) W(690)
   *  v8  ride_requested   0:10       W(-30) W(0)       wm 11:59.999: W(-30) closed 10:29.999, W(0) 10:59.999: both dropped
   *  v9  (type null)      1:15       W(30)  W(60)      W(30) closed 11:29.999: dropped; W(60) closes 11:59.999 = wm: kept
   *  v10 ride_started     1:40       W(60)  W(90)      both kept (W(60) again exactly at the boundary)
   * </pre>
   *
   * Malformed records sit in between; several carry a far-future ts that would make everything after them late if
   * a rejected record moved the watermark.
   */
  private static List<Input> inputs() {
    return List.of(
        valid("v1", "\"ride_requested\"", 5_000, ""),
        malformed("not JSON", "ride_started," + T0, "MALFORMED_JSON"),
        valid("v2", "\"ride_requested\"", 40_000, ",\"amount\":null"),
        malformed(
            "missing event_id, far-future ts",
            "{\"user_id\":\"u-x\",\"event_type\":\"ride_started\",\"ts\":" + FAR_FUTURE_TS + "}",
            "MISSING_FIELD"),
        valid("v3", null, 45_000, ",\"source\":\"app\",\"meta\":{\"tags\":[1,2]}"),
        malformed("empty", "", "EMPTY_VALUE"),
        valid("v4", "null", 70_000, ",\"amount\":12.5"),
        valid("v5", "\"ride_started\"", 65_000, ""),
        malformed("tombstone", null, "NULL_VALUE"),
        valid("v6", "\"ride_requested\"", 20_000, ""),
        malformed(
            "missing ts", "{\"event_id\":\"bad-ts\",\"user_id\":\"u-1\",\"event_type\":\"ride_started\"}",
            "MISSING_FIELD"),
        valid("v7", "\"ride_started\"", 12 * MINUTE - 1, ",\"amount\":7"),
        malformed(
            "wrong type (string ts)",
            "{\"event_id\":\"bad-type\",\"user_id\":\"u-2\",\"ts\":\"" + FAR_FUTURE_TS + "\"}",
            "WRONG_TYPE"),
        valid("v8", "\"ride_requested\"", 10_000, ""),
        malformed("not an object", "[\"ride_started\"," + FAR_FUTURE_TS + "]", "NOT_AN_OBJECT"),
        malformed(
            "duplicate ts",
            "{\"event_id\":\"dup\",\"user_id\":\"u-3\",\"ts\":" + FAR_FUTURE_TS + ",\"ts\":" + T0 + "}",
            "DUPLICATE_FIELD"),
        valid("v9", "null", 75_000, ""),
        malformed(
            "empty user_id", "{\"event_id\":\"empty-user\",\"user_id\":\"\",\"ts\":" + FAR_FUTURE_TS + "}",
            "INVALID_VALUE"),
        malformed(
            "trailing data",
            "{\"event_id\":\"trail\",\"user_id\":\"u-4\",\"ts\":" + FAR_FUTURE_TS + "} {\"x\":1}",
            "TRAILING_DATA"),
        valid("v10", "\"ride_started\"", 100_000, ""));
  }

  /** The final counts worked out by hand from the table in {@link #inputs()}. */
  private static TreeMap<WindowKey, Long> expectedFinalCounts() {
    TreeMap<WindowKey, Long> expected = new TreeMap<>(WindowKey.ORDER);
    expected.put(key(-30, "ride_requested"), 2L); // v1 v6
    expected.put(key(0, null), 1L); // v3
    expected.put(key(0, "ride_requested"), 3L); // v1 v2 v6
    expected.put(key(30, null), 2L); // v3 v4
    expected.put(key(30, "ride_requested"), 1L); // v2
    expected.put(key(30, "ride_started"), 1L); // v5
    expected.put(key(60, null), 2L); // v4 v9
    expected.put(key(60, "ride_started"), 2L); // v5 v10
    expected.put(key(90, "ride_started"), 1L); // v10
    expected.put(key(660, "ride_started"), 1L); // v7
    expected.put(key(690, "ride_started"), 1L); // v7
    return expected;
  }

  /** (event, window) assignments dropped as too late, by hand: v8 in W(-30) and W(0), v9 in W(30). */
  private static final long EXPECTED_DROPPED = 3;

  private static WindowKey key(long startOffsetSeconds, String type) {
    long start = T0 + startOffsetSeconds * 1000;
    return new WindowKey(start, start + MINUTE, type);
  }

  @Test
  @Timeout(180)
  void countsEveryWindowExactlyOnceAndDeadLettersEveryMalformedRecord() throws Exception {
    List<Input> inputs = inputs();
    List<byte[]> values = inputs.stream().map(Input::value).collect(Collectors.toList());
    TreeMap<WindowKey, Long> expected = expectedFinalCounts();
    long validCount = inputs.stream().filter(Input::valid).count();
    long invalidCount = inputs.size() - validCount;

    // The hand-made table and the independent oracle must agree before the job is asked anything.
    CountsOracle.Result oracle = CountsOracle.jobDefaults().compute(values, 1);
    assertEquals(expected, oracle.counts(), "hand-computed expectation vs oracle");
    assertEquals(EXPECTED_DROPPED, oracle.droppedLate(), "hand-computed drops vs oracle");
    assertEquals(validCount, oracle.valid(), "hand-labelled valid records vs oracle");

    String run = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    String inputTopic = run + "-rides";
    String countsTopic = run + "-counts";
    String dlqTopic = run + "-dlq";

    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
    PipelineResult result = null;
    try {
      broker.createTopic(inputTopic, 1);
      broker.createTopic(countsTopic, 1);
      broker.createTopic(dlqTopic, 1);
      String bootstrap = broker.bootstrapServers();
      List<RecordMetadata> produced = KafkaTestClients.produce(bootstrap, inputTopic, values, i -> 0);
      for (int i = 0; i < produced.size(); i++) {
        assertEquals(i, produced.get(i).offset(), "input offsets follow the hand-written order");
      }

      PipelineOptionsFactory.register(RideCountsOptions.class);
      RideCountsOptions options =
          PipelineOptionsFactory.fromArgs(
                  "--runner=DirectRunner",
                  "--blockOnRun=false",
                  "--bootstrapServers=" + bootstrap,
                  "--inputTopic=" + inputTopic,
                  "--outputTopic=" + countsTopic,
                  "--deadLetterTopic=" + dlqTopic,
                  "--consumerGroupId=" + run,
                  "--sinkGroupId=" + run + "-sink",
                  "--startingOffsets=EARLIEST",
                  "--idlePartitionTimeoutSeconds=3",
                  "--triggerIntervalSeconds=1", // early panes too, so pane sequences are exercised
                  "--deliveryGuarantee=EXACTLY_ONCE")
              .withValidation()
              .as(RideCountsOptions.class);
      result = RideCountsPipeline.run(options);
      final PipelineResult job = result;

      try (TopicWatcher counts = new TopicWatcher(bootstrap, countsTopic);
          TopicWatcher deadLetters = new TopicWatcher(bootstrap, dlqTopic)) {
        Duration waited =
            Await.until(
                "a final pane for every expected key, every dead letter, every assignment accounted for",
                WAIT_FOR_RESULTS,
                () -> {
                  counts.poll(Duration.ofMillis(250));
                  deadLetters.poll(Duration.ofMillis(10));
                  if (job.getState().isTerminal()) {
                    throw new AssertionError("the job ended early: " + job.getState());
                  }
                  Map<WindowKey, Long> finals = finalCounts(counts.records());
                  JobCounters counters = JobCounters.of(job);
                  long finalSum = finals.values().stream().mapToLong(Long::longValue).sum();
                  return finals.keySet().containsAll(expected.keySet())
                      && deadLetters.records().size() >= invalidCount
                      && counters.get(RideCountsMetrics.RECORDS_READ) >= inputs.size()
                      && counters.get(RideCountsMetrics.WINDOW_ASSIGNMENTS) >= oracle.assignments()
                      && finalSum + counters.droppedLate() >= counters.get(RideCountsMetrics.WINDOW_ASSIGNMENTS);
                },
                () -> "finals " + finalCounts(counts.records()) + ", " + deadLetters.records().size()
                    + " dead letters, state " + job.getState());
        System.out.printf("PipelineEndToEndIT: results complete %.1f s after run()%n", waited.toMillis() / 1000.0);

        // 1. Final counts per (window, event type): exactly the hand-computed ones, nothing more.
        assertEquals(expected, finalCounts(counts.records()), "final counts per (window, event type)");

        // 2. Record format and pane sequences.
        assertCountRecords(counts.records());

        // 3. The job's own counters agree.
        JobCounters counters = JobCounters.of(job);
        assertEquals(inputs.size(), counters.get(RideCountsMetrics.RECORDS_READ), "records_read");
        assertEquals(validCount, counters.get(RideCountsMetrics.EVENTS_VALID), "events_valid");
        assertEquals(invalidCount, counters.get(RideCountsMetrics.DEAD_LETTERED), "dead_lettered");
        assertEquals(oracle.assignments(), counters.get(RideCountsMetrics.WINDOW_ASSIGNMENTS), "window_assignments");
        assertEquals(EXPECTED_DROPPED, counters.droppedLate(), "(event, window) assignments dropped as late");

        // 4. Every malformed record on the dead-letter topic, with its reason, payload and source.
        assertDeadLetters(inputs, produced, inputTopic, deadLetters.records());

        // 5. Exactly-once: written in committed transactions, nothing aborted or pending.
        assertTransactional(bootstrap, countsTopic, counts.records());
        assertTransactional(bootstrap, dlqTopic, deadLetters.records());
      }
    } finally {
      try {
        if (result != null) {
          result.cancel();
          PipelineResult.State state = result.waitUntilFinish(org.joda.time.Duration.standardSeconds(30));
          System.out.println("PipelineEndToEndIT: job state after cancel: " + state);
        }
      } finally {
        broker.close();
      }
    }
  }

  /** The count of each key's final pane (the last pane if a key had several finals, which is checked elsewhere). */
  private static Map<WindowKey, Long> finalCounts(List<ConsumedRecord> records) {
    TreeMap<WindowKey, Long> finals = new TreeMap<>(WindowKey.ORDER);
    for (ConsumedRecord r : records) {
      CountPane pane = OutputRecords.parseCountPane(r.value());
      if (pane.isFinal()) {
        finals.put(pane.key(), pane.count());
      }
    }
    return finals;
  }

  /**
   * Every count record: key = event type (null key for untyped events), value in the documented JSON format, window
   * bounds aligned to the 60 s / 30 s sliding windows. Per key, the pane indexes are exactly 0, 1, 2, ... (no pane
   * lost or written twice), counts never decrease with the pane index (accumulating), no EARLY pane follows an ON_TIME
   * or LATE one, and exactly one pane is final: the one with the highest index. (Beam does not promise that the topic
   * order is the pane order, so the sequence is checked by pane index; whether they matched is printed.)
   */
  private static void assertCountRecords(List<ConsumedRecord> records) {
    Map<WindowKey, List<CountPane>> byKey = new LinkedHashMap<>();
    for (ConsumedRecord r : records) {
      CountPane pane = OutputRecords.parseCountPane(r.value());
      assertEquals(pane.key().eventType(), r.key(), "record key is the event type (null for untyped): " + r);
      assertEquals(MINUTE, pane.key().endMillis() - pane.key().startMillis(), "window length: " + r);
      assertEquals(0, Math.floorMod(pane.key().startMillis(), 30_000L), "window start on the 30 s grid: " + r);
      byKey.computeIfAbsent(pane.key(), k -> new ArrayList<>()).add(pane);
    }
    boolean topicOrderIsPaneOrder = true;
    for (Map.Entry<WindowKey, List<CountPane>> e : byKey.entrySet()) {
      List<CountPane> inTopicOrder = e.getValue();
      List<CountPane> panes = new ArrayList<>(inTopicOrder);
      panes.sort(java.util.Comparator.comparingLong(CountPane::paneIndex));
      topicOrderIsPaneOrder &= panes.equals(inTopicOrder);
      for (int i = 0; i < panes.size(); i++) {
        CountPane pane = panes.get(i);
        assertEquals(i, pane.paneIndex(), "pane indexes 0..n-1, each once, for " + e.getKey() + ": " + inTopicOrder);
        assertEquals(i == panes.size() - 1, pane.isFinal(), "only the last pane is final for " + e.getKey());
        assertThat("count of " + e.getKey(), pane.count(), greaterThan(0L));
        if (i > 0) {
          assertTrue(pane.count() >= panes.get(i - 1).count(), "accumulating counts for " + e.getKey() + ": " + panes);
          assertThat("no early pane after the on-time one: " + panes,
              pane.timing().equals("EARLY") && !panes.get(i - 1).timing().equals("EARLY"), is(false));
        }
      }
    }
    System.out.printf(
        "PipelineEndToEndIT: %d count records for %d keys (timings %s; topic order = pane order: %s)%n",
        records.size(),
        byKey.size(),
        records.stream()
            .map(r -> OutputRecords.parseCountPane(r.value()).timing())
            .collect(Collectors.groupingBy(t -> t, TreeMap::new, Collectors.counting())),
        topicOrderIsPaneOrder);
  }

  private static void assertDeadLetters(
      List<Input> inputs, List<RecordMetadata> produced, String inputTopic, List<ConsumedRecord> records) {
    Map<Long, ConsumedRecord> byOffset = new TreeMap<>();
    for (ConsumedRecord r : records) {
      DeadLetter letter = OutputRecords.parseDeadLetter(r.value());
      ConsumedRecord previous = byOffset.put(letter.sourceOffset(), r);
      assertEquals(null, previous, "one dead letter per source record: " + r);
    }
    List<Long> expectedOffsets = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      Input input = inputs.get(i);
      if (input.valid()) {
        continue;
      }
      RecordMetadata source = produced.get(i);
      expectedOffsets.add(source.offset());
      ConsumedRecord record = byOffset.get(source.offset());
      if (record == null) {
        throw new AssertionError("no dead letter for " + input.label() + " at offset " + source.offset());
      }
      DeadLetter letter = OutputRecords.parseDeadLetter(record.value());
      String what = input.label() + " -> " + record.value();
      assertEquals(inputTopic + "/0/" + source.offset(), record.key(), "dead-letter key: " + what);
      assertEquals(input.expectedReason(), letter.reason(), "reason: " + what);
      assertThat("detail: " + what, letter.detail(), not(emptyString()));
      assertEquals(inputTopic, letter.sourceTopic(), "source topic: " + what);
      assertEquals(0, letter.sourcePartition(), "source partition: " + what);
      assertEquals(source.offset(), letter.sourceOffset(), "source offset: " + what);
      assertEquals(source.timestamp(), letter.sourceTimestampMs(), "source Kafka timestamp: " + what);
      String expectedPayload =
          input.value() == null ? null : Base64.getEncoder().encodeToString(input.value());
      assertEquals(expectedPayload, letter.payloadBase64(), "original payload: " + what);
    }
    assertEquals(expectedOffsets, new ArrayList<>(byOffset.keySet()), "dead-lettered source offsets");
  }

  /**
   * The topic's records are in committed transactions: a read_committed reader sees exactly what was awaited, a
   * read_uncommitted reader sees the very same records (no aborted or pending ones), and the log holds more offsets
   * than records (the commit markers).
   */
  private static void assertTransactional(String bootstrap, String topic, List<ConsumedRecord> awaited) {
    TopicContents committed = KafkaTestClients.readAll(bootstrap, topic, Isolation.READ_COMMITTED);
    TopicContents uncommitted = KafkaTestClients.readAll(bootstrap, topic, Isolation.READ_UNCOMMITTED);
    assertEquals(describe(awaited), describe(committed.records()), topic + ": read_committed view");
    assertEquals(
        describe(committed.records()), describe(uncommitted.records()),
        topic + ": read_uncommitted sees the same records as read_committed (nothing aborted or open)");
    assertEquals(committed.endOffsets(), uncommitted.endOffsets(), topic + ": no open transaction (LSO = HW)");
    assertThat(
        topic + ": end offset > records, i.e. transaction markers in the log",
        uncommitted.endOffsetSum(),
        greaterThan((long) uncommitted.records().size()));
    System.out.printf(
        "PipelineEndToEndIT: %s holds %d records in %d offsets%n",
        topic, uncommitted.records().size(), uncommitted.endOffsetSum());
  }

  private static List<String> describe(List<ConsumedRecord> records) {
    return records.stream()
        .map(r -> r.partition() + "/" + r.offset() + " " + Objects.toString(r.key()) + " " + r.value())
        .collect(Collectors.toList());
  }
}
