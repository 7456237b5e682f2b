package com.ridecounts.launcher;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.ridecounts.it.harness.TeeStream;
import com.ridecounts.it.harness.ConsumedRecord;
import com.ridecounts.it.harness.CountsOracle;
import com.ridecounts.it.harness.GeneratedRides;
import com.ridecounts.it.harness.KafkaTestClients;
import com.ridecounts.it.harness.KafkaTestClients.Isolation;
import com.ridecounts.it.harness.KafkaTestClients.TopicContents;
import com.ridecounts.it.harness.OutputRecords;
import com.ridecounts.it.harness.ReplaySummaries;
import com.ridecounts.it.harness.OutputRecords.CountPane;
import com.ridecounts.it.harness.WindowKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code replay} command on the FlinkRunner (embedded Flink, ride-counts' Flink defaults: checkpoints every 5 s,
 * exactly-once Kafka sinks, detached submission, live metrics), in-process through {@link Replay#run}, against an
 * embedded broker this test owns, so that it can read the output topics afterwards:
 *
 * <ul>
 *   <li>FINAL.jsonl equals, byte for byte, what the independent {@link CountsOracle} derives from the documented
 *       semantics (watermark per partition; line i on partition i % N);
 *   <li>the replay summary, computed from the job's counters, agrees with the oracle: this needs live metrics from
 *       the running Flink job, which Beam's Flink result does not give (see com.ridecounts.flink.LiveMetricsReporter);
 *   <li>the counts topic read with {@code read_committed} holds every (window, event type, pane index) once, no
 *       pane with count 0, and one final pane per (window, event type), whose counts are the oracle's; the
 *       dead-letter topic holds one dead letter per invalid line: the two transactional sinks' exactly-once output.
 * </ul>
 *
 * <p>Why the count-0 check matters on Flink: when one watermark advance passes both the end of a window and its end
 * plus allowed lateness (here: the idle-partition jump to the wall clock at the end of a replay of historical data),
 * Flink fires the window's end-of-window and garbage-collection timers one at a time. Beam's ReduceFnRunner folds them
 * into one activation only when a runner hands it both together (as the DirectRunner does); on Flink the first timer
 * emits the real final pane and clears the window's state, including its pane index and its "closed" bit, and the
 * second finds an "open", empty window and, because the job's closing behaviour is FIRE_ALWAYS, emits an empty final
 * pane (count 0, pane index 0) after it. Without the job's suppression of count-0 panes ({@code
 * CountRidesPerWindow.ToWindowCountFn}, counter {@code empty_panes_suppressed}) this test saw 13 to 98 of them per
 * replay, and a consumer keeping the latest pane per key would have ended on 0 for those keys.
 *
 * <p>One replay of 4,000 events takes 45 to 55 s on a 2-core machine (start-up of the embedded Flink, the 5 s idle
 * timeout and the 5 s checkpoint interval, which paces the exactly-once sinks, included).
 */
class FlinkReplayIT {
  /** At GeneratedRides' 5 events/s the file spans about 13 minutes of event time: windows close while it replays. */
  private static final int EVENTS = 4000;
  /** ReplayIT's seed: with 2 partitions two assignments that a single partition drops as too late are counted. */
  private static final long SEED = 24L;
  private static final String REPLAY_TIMEOUT_SECONDS = "100";

  @TempDir static Path dir;
  private static Path input;
  private static List<byte[]> values;
  private static EmbeddedKafkaBroker broker;

  @BeforeAll
  static void generateInputAndStartBroker() throws Exception {
    values = GeneratedRides.realistic(SEED, EVENTS); // 2024-03-10T08:00Z on, 5 events per event-time second
    input = GeneratedRides.writeJsonl(values, dir.resolve("rides.jsonl"));
    broker = EmbeddedKafkaBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  @Timeout(150)
  void singlePartitionReplayEqualsOracleWithExactlyOnceOutput() throws Exception {
    replayAndCheck("flink-it-1", 1);
  }

  @Test
  @Timeout(150)
  void twoPartitionReplayEqualsPerPartitionOracleWithExactlyOnceOutput() throws Exception {
    replayAndCheck("flink-it-2", 2);
  }

  private static void replayAndCheck(String run, int partitions) throws Exception {
    CountsOracle.Result oracle = CountsOracle.jobDefaults().compute(values, partitions);
    assertThat("precondition: assignments dropped as too late", oracle.droppedLate(), greaterThan(0L));
    assertThat("precondition: malformed lines", oracle.invalid(), greaterThan(0L));
    Path output = dir.resolve(run + "-final.jsonl");
    String countsTopic = run + "-counts";

    String summary = replay(run, partitions, output);

    // The job's own accounting (live Flink counters) agrees with the oracle's.
    assertThat(summary, containsString("replay on LiveMetricsFlinkRunner: "));
    ReplaySummaries.assertAccountsFor(summary, EVENTS, oracle);

    // FINAL.jsonl: exactly the oracle's lines.
    List<String> actual = Files.readAllLines(output, StandardCharsets.UTF_8);
    assertEquals("", difference(oracle, actual), run + ": FINAL.jsonl vs oracle (key: expected -> actual)");
    String expectedFile = oracle.finalLines().stream().map(line -> line + "\n").collect(Collectors.joining());
    assertEquals(expectedFile, Files.readString(output, StandardCharsets.UTF_8), run + ": FINAL.jsonl bytes");

    // The committed counts topic, as a read_committed consumer sees it.
    TopicContents committed = KafkaTestClients.readAll(broker.bootstrapServers(), countsTopic, Isolation.READ_COMMITTED);
    TopicContents uncommitted =
        KafkaTestClients.readAll(broker.bootstrapServers(), countsTopic, Isolation.READ_UNCOMMITTED);
    Map<String, List<String>> byPane = new LinkedHashMap<>();
    TreeMap<WindowKey, Long> finals = new TreeMap<>(WindowKey.ORDER);
    List<String> finalTwice = new ArrayList<>();
    List<String> emptyPanes = new ArrayList<>();
    for (ConsumedRecord record : committed.records()) {
      CountPane pane = OutputRecords.parseCountPane(record.value());
      byPane.computeIfAbsent(pane.key() + " #" + pane.paneIndex(), k -> new ArrayList<>())
          .add(record.offset() + ": " + record.value());
      if (pane.count() == 0) {
        emptyPanes.add(record.offset() + ": " + record.value());
      }
      if (pane.isFinal() && finals.put(pane.key(), pane.count()) != null) {
        finalTwice.add(record.offset() + ": " + record.value());
      }
    }
    List<String> repeated =
        byPane.entrySet().stream().filter(e -> e.getValue().size() > 1).map(e -> e.getKey() + " " + e.getValue())
            .toList();
    System.out.printf(
        "FlinkReplayIT (%d partition(s)): counts topic: %d committed panes, %d distinct (window, event type, pane"
            + " index), %d keys with a final pane, %d empty panes; %d records read_uncommitted; %d result lines%n",
        partitions, committed.records().size(), byPane.size(), finals.size(), emptyPanes.size(),
        uncommitted.records().size(), actual.size());
    assertEquals(List.of(), repeated, run + ": (window, event type, pane index) committed more than once");
    assertEquals(List.of(), emptyPanes, run + ": panes with count 0 (see the class comment)");
    assertEquals(List.of(), finalTwice, run + ": a second final pane for a (window, event type)");
    assertEquals(oracle.counts(), finals, run + ": final panes in the committed topic vs oracle");
    // The replay's own consumer saw the same: nothing twice, nothing after a final pane, no count going down.
    assertThat(summary, containsString("(0 duplicate, 0 after final, 0 decreasing)"));

    // The dead-letter topic (the second exactly-once sink): one dead letter per invalid line, none twice.
    TopicContents deadLetters =
        KafkaTestClients.readAll(broker.bootstrapServers(), run + "-dlq", Isolation.READ_COMMITTED);
    List<String> sources =
        deadLetters.records().stream()
            .map(r -> OutputRecords.parseDeadLetter(r.value()))
            .map(d -> d.sourceTopic() + "/" + d.sourcePartition() + "/" + d.sourceOffset())
            .toList();
    assertEquals(oracle.invalid(), sources.size(), run + ": dead letters committed");
    assertEquals(sources.size(), sources.stream().distinct().count(), run + ": a dead letter committed twice");
  }

  private static String replay(String run, int partitions, Path output) throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(new TeeStream(captured, System.out), true, StandardCharsets.UTF_8);
    long started = System.nanoTime();
    int status =
        Replay.run(
            new String[] {
              "--input", input.toString(),
              "--output", output.toString(),
              "--partitions", String.valueOf(partitions),
              "--timeoutSeconds", REPLAY_TIMEOUT_SECONDS,
              "--runner=FlinkRunner",
              "--bootstrapServers=" + broker.bootstrapServers(),
              "--inputTopic=" + run + "-input",
              "--outputTopic=" + run + "-counts",
              "--deadLetterTopic=" + run + "-dlq"
            },
            out);
    out.flush();
    System.out.printf(
        "FlinkReplayIT: replay with %d partition(s) took %.1f s%n", partitions, (System.nanoTime() - started) / 1e9);
    assertEquals(0, status, "replay exit status; output: " + captured);
    return captured.toString(StandardCharsets.UTF_8);
  }

  private static String difference(CountsOracle.Result oracle, List<String> actualLines) {
    Map<WindowKey, Long> actual = new TreeMap<>(WindowKey.ORDER);
    for (Map.Entry<WindowKey, Long> e : OutputRecords.parseResultLines(actualLines)) {
      actual.put(e.getKey(), e.getValue());
    }
    StringBuilder diff = new StringBuilder();
    int differing = 0;
    TreeMap<WindowKey, Long> all = new TreeMap<>(WindowKey.ORDER);
    all.putAll(oracle.counts());
    all.putAll(actual);
    for (WindowKey key : all.keySet()) {
      Long e = oracle.counts().get(key);
      Long a = actual.get(key);
      if (!java.util.Objects.equals(e, a) && differing++ < 40) {
        diff.append("\n  ").append(key).append(": ").append(e).append(" -> ").append(a);
      }
    }
    return differing == 0 ? "" : differing + " differing keys:" + diff;
  }
}
