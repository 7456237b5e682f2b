package com.ridecounts.launcher;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.ridecounts.it.harness.TeeStream;
import com.ridecounts.it.harness.CountsOracle;
import com.ridecounts.it.harness.GeneratedRides;
import com.ridecounts.it.harness.OutputRecords;
import com.ridecounts.it.harness.ReplaySummaries;
import com.ridecounts.it.harness.WindowKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code replay} command end to end (embedded broker, DirectRunner, exactly-once sink), in-process through {@link
 * Replay#run}, on a generated file with out-of-order, late, too-late and malformed records. FINAL.jsonl must equal,
 * line for line, what the independent {@link CountsOracle} derives from the documented semantics; a second replay of
 * the same file must give the same bytes; with {@code --partitions 2} the oracle applies the watermark per partition
 * (line i on partition i % 2).
 */
class ReplayIT {
  /** At GeneratedRides' 5 events/s the file spans about 13 minutes of event time: windows close while it replays. */
  private static final int EVENTS = 4000;
  /**
   * A seed whose file tells the per-partition watermark from a global one: with 2 partitions two assignments that a
   * single partition drops as too late are counted (found by scanning seeds with the oracle).
   */
  private static final long SEED = 24L;
  private static final String REPLAY_TIMEOUT_SECONDS = "100";

  @TempDir static Path dir;
  private static Path input;
  private static List<byte[]> values;

  @BeforeAll
  static void generateInput() throws Exception {
    values = GeneratedRides.realistic(SEED, EVENTS); // 2024-03-10T08:00Z on, 5 events per event-time second
    input = GeneratedRides.writeJsonl(values, dir.resolve("rides.jsonl"));
  }

  @Test
  @Timeout(240)
  void singlePartitionReplayEqualsOracleAndIsDeterministic() throws Exception {
    CountsOracle.Result expected = CountsOracle.jobDefaults().compute(values, 1);
    assertInputExercisesTheSemantics(expected, "1 partition");

    Path first = dir.resolve("final-1.jsonl");
    replay(first, 1, expected);
    assertFinalEquals(expected, first, "1 partition, first replay");

    Path second = dir.resolve("final-1-again.jsonl");
    replay(second, 1, expected);
    assertEquals(-1L, Files.mismatch(first, second), "a second replay of the same file writes the same FINAL.jsonl");
  }

  @Test
  @Timeout(180)
  void twoPartitionReplayEqualsPerPartitionOracle() throws Exception {
    CountsOracle.Result expected = CountsOracle.jobDefaults().compute(values, 2);
    assertInputExercisesTheSemantics(expected, "2 partitions");
    CountsOracle.Result singlePartition = CountsOracle.jobDefaults().compute(values, 1);
    System.out.printf(
        "ReplayIT: oracle, 2 partitions vs 1: %d vs %d dropped assignments, %d vs %d result lines, same counts: %s%n",
        expected.droppedLate(), singlePartition.droppedLate(), expected.counts().size(),
        singlePartition.counts().size(), expected.counts().equals(singlePartition.counts()));
    assertNotEquals(
        singlePartition.counts(), expected.counts(),
        "precondition: the file must distinguish per-partition watermarks from one watermark over all lines");

    Path output = dir.resolve("final-2.jsonl");
    replay(output, 2, expected);
    assertFinalEquals(expected, output, "2 partitions");
  }

  /**
   * The same replay on the classic SparkRunner (local[2], at-least-once sink): one partition, so the runner's MAX
   * watermark across partitions (apache/beam #19411) cannot differ from the partition's, and FINAL.jsonl must equal the
   * oracle, like the DirectRunner's. The consumer must see no pane twice, none after a final and no count of 0: the
   * count step suppresses the empty panes the SparkRunner re-fires for closed windows.
   */
  @Test
  @Timeout(180)
  void sparkRunnerReplayEqualsOracle() throws Exception {
    CountsOracle.Result expected = CountsOracle.jobDefaults().compute(values, 1);
    Path output = dir.resolve("final-spark.jsonl");
    replay(output, 1, expected, "--runner=SparkRunner");
    assertFinalEquals(expected, output, "SparkRunner, 1 partition");
  }

  /** The generated file must contain what makes the comparison meaningful. */
  private static void assertInputExercisesTheSemantics(CountsOracle.Result oracle, String what) {
    System.out.printf(
        "ReplayIT: oracle (%s): %d valid, %d invalid lines; %d (event, window) assignments, %d dropped as too late,"
            + " %d counted although behind the watermark (%d events behind it); %d result lines%n",
        what, oracle.valid(), oracle.invalid(), oracle.assignments(), oracle.droppedLate(),
        oracle.countedBehindWatermark(), oracle.eventsBehindWatermark(), oracle.counts().size());
    assertThat(what + ": malformed lines", oracle.invalid(), greaterThan(0L));
    assertThat(what + ": assignments dropped as too late", oracle.droppedLate(), greaterThan(0L));
    assertThat(what + ": late but counted assignments", oracle.countedBehindWatermark(), greaterThan(0L));
    assertThat(
        what + ": results for the null event type",
        oracle.counts().keySet().stream().filter(k -> k.eventType() == null).count(),
        greaterThan(0L));
  }

  private static void replay(Path output, int partitions, CountsOracle.Result oracle, String... pipelineOptions)
      throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(new TeeStream(captured, System.out), true, StandardCharsets.UTF_8);
    long started = System.nanoTime();
    int status =
        Replay.run(
            java.util.stream.Stream.concat(
                    java.util.stream.Stream.of(
                        "--input", input.toString(),
                        "--output", output.toString(),
                        "--partitions", String.valueOf(partitions),
                        "--timeoutSeconds", REPLAY_TIMEOUT_SECONDS),
                    java.util.Arrays.stream(pipelineOptions))
                .toArray(String[]::new),
            out);
    out.flush();
    System.out.printf(
        "ReplayIT: replay with %d partition(s) took %.1f s%n", partitions, (System.nanoTime() - started) / 1e9);
    assertEquals(0, status, "replay exit status; output: " + captured);
    String summary = captured.toString(StandardCharsets.UTF_8);
    // The consumer's view of the exactly-once counts topic: no pane twice, none after a final, none decreasing.
    assertThat(summary, containsString("(0 duplicate, 0 after final, 0 decreasing)"));
    // The job's own accounting agrees with the oracle's.
    ReplaySummaries.assertAccountsFor(summary, EVENTS, oracle);
  }

  /** Compares FINAL.jsonl with the oracle: first by (key, count) with a readable difference, then byte for byte. */
  private static void assertFinalEquals(CountsOracle.Result oracle, Path output, String what) throws Exception {
    List<String> actualLines = Files.readAllLines(output, StandardCharsets.UTF_8);
    TreeMap<WindowKey, Long> actual = new TreeMap<>(WindowKey.ORDER);
    List<WindowKey> actualOrder = new ArrayList<>();
    for (Map.Entry<WindowKey, Long> e : OutputRecords.parseResultLines(actualLines)) {
      Long previous = actual.put(e.getKey(), e.getValue());
      assertEquals(null, previous, what + ": one line per (window, event type), twice: " + e.getKey());
      actualOrder.add(e.getKey());
    }
    String difference = difference(oracle.counts(), actual);
    assertEquals("", difference, what + ": FINAL.jsonl vs oracle (key: expected -> actual)");
    assertEquals(new ArrayList<>(oracle.counts().keySet()), actualOrder, what + ": line order");
    assertEquals(oracle.finalLines(), actualLines, what + ": FINAL.jsonl lines, exactly");
    String expectedFile = oracle.finalLines().stream().map(line -> line + "\n").collect(Collectors.joining());
    assertEquals(expectedFile, Files.readString(output, StandardCharsets.UTF_8), what + ": FINAL.jsonl bytes");
  }

  private static String difference(TreeMap<WindowKey, Long> expected, TreeMap<WindowKey, Long> actual) {
    TreeSet<WindowKey> keys = new TreeSet<>(WindowKey.ORDER);
    keys.addAll(expected.keySet());
    keys.addAll(actual.keySet());
    StringBuilder diff = new StringBuilder();
    int shown = 0;
    int differing = 0;
    for (WindowKey key : keys) {
      Long e = expected.get(key);
      Long a = actual.get(key);
      if (!Objects.equals(e, a)) {
        differing++;
        if (shown++ < 40) {
          diff.append("\n  ").append(key).append(": ").append(e).append(" -> ").append(a);
        }
      }
    }
    return differing == 0 ? "" : differing + " differing keys:" + diff;
  }
}
