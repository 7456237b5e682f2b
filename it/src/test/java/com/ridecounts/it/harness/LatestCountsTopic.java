package com.ridecounts.it.harness;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.ridecounts.launcher.CountsView;
import com.ridecounts.model.WindowCount;
import com.ridecounts.model.WindowCountJson;
import com.ridecounts.transforms.FormatLatestCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Checks of the compacted latest-counts topic ({@code --latestCountsTopic}) against the oracle. */
public final class LatestCountsTopic {
  private LatestCountsTopic() {}

  /**
   * Reads {@code topic} in offset order (read_committed): every record's key is its value's (window, event type), and
   * the last record per key, the one compaction keeps, is final and holds the oracle's count. Waits up to a minute for
   * the last records (the latest-counts sink is a write of its own and can land a little after the counts topic's).
   * Returns how many records are below their key's previous record (pane index or count), which at-least-once
   * replays can cause, for the caller to report. When a key ends wrong, the failure lists that key's records in
   * {@code topic} and in {@code countsTopic} (offset, record time, pane), so a replay that wrote them can be traced.
   */
  public static long assertEndsOnFinalCounts(
      String bootstrap, String topic, String countsTopic, CountsOracle.Result expected) {
    Await.until(
        "a final last record for every key of the latest-counts topic",
        Duration.ofMinutes(1),
        () -> {
          Map<String, WindowCount> last = lastPerKey(read(bootstrap, topic));
          return last.size() >= expected.counts().size() && last.values().stream().allMatch(WindowCount::isFinal);
        },
        () -> read(bootstrap, topic).size() + " records");
    List<ConsumedRecord> records = read(bootstrap, topic);
    Map<String, WindowCount> lastPerKey = new LinkedHashMap<>();
    long wrongKeys = 0;
    long goingDown = 0;
    for (ConsumedRecord record : records) {
      WindowCount pane = WindowCountJson.fromJson(record.value());
      if (!FormatLatestCounts.key(pane).equals(record.key())) {
        wrongKeys++;
      }
      WindowCount previous = lastPerKey.put(record.key(), pane);
      if (previous != null && (pane.paneIndex() < previous.paneIndex() || pane.count() < previous.count())) {
        goingDown++;
      }
    }
    assertThat("records keyed by their own (window, event type)", wrongKeys, equalTo(0L));
    List<WindowCount> compacted = new ArrayList<>(lastPerKey.values());
    compacted.sort(CountsView.WINDOW_ORDER);
    assertThat("the last record per key is final", compacted.stream().allMatch(WindowCount::isFinal), equalTo(true));
    assertThat(
        "the last record per key holds the final count; keys ending wrong:"
            + histories(wrongKeys(lastPerKey, expected), records, read(bootstrap, countsTopic)),
        FinalPanes.resultLines(compacted),
        equalTo(expected.finalLines()));
    return goingDown;
  }

  /** The keys whose last record is not final or holds another count than the oracle's. */
  private static Set<WindowKey> wrongKeys(Map<String, WindowCount> lastPerKey, CountsOracle.Result expected) {
    Set<WindowKey> wrong = new TreeSet<>(WindowKey.ORDER);
    Map<WindowKey, WindowCount> last = new HashMap<>();
    lastPerKey.values().forEach(pane -> last.put(keyOf(pane), pane));
    expected.counts().forEach(
        (key, count) -> {
          WindowCount pane = last.get(key);
          if (pane == null || !pane.isFinal() || pane.count() != count) {
            wrong.add(key);
          }
        });
    return wrong;
  }

  /** Per key, its records in the latest-counts topic and in the counts topic, one line each, in offset order. */
  private static String histories(Set<WindowKey> keys, List<ConsumedRecord> latest, List<ConsumedRecord> counts) {
    StringBuilder text = new StringBuilder();
    for (WindowKey key : keys) {
      text.append("\n  ").append(key);
      history(text, "latest", key, latest);
      history(text, "counts", key, counts);
    }
    return text.toString();
  }

  private static void history(StringBuilder text, String name, WindowKey key, List<ConsumedRecord> records) {
    for (ConsumedRecord record : records) {
      WindowCount pane = WindowCountJson.fromJson(record.value());
      if (keyOf(pane).equals(key)) {
        text.append(String.format("%n    %s offset %d at %s: pane %d %s%s count %d", name, record.offset(),
            Instant.ofEpochMilli(record.timestamp()), pane.paneIndex(), pane.timing(), pane.isFinal() ? " final" : "",
            pane.count()));
      }
    }
  }

  private static WindowKey keyOf(WindowCount pane) {
    return new WindowKey(pane.windowStartMillis(), pane.windowEndMillis(), pane.eventType());
  }

  private static Map<String, WindowCount> lastPerKey(List<ConsumedRecord> records) {
    Map<String, WindowCount> last = new LinkedHashMap<>();
    for (ConsumedRecord r : records) {
      last.put(r.key(), WindowCountJson.fromJson(r.value()));
    }
    return last;
  }

  private static List<ConsumedRecord> read(String bootstrap, String topic) {
    return KafkaTestClients.readAll(bootstrap, topic, KafkaTestClients.Isolation.READ_COMMITTED).records();
  }
}
