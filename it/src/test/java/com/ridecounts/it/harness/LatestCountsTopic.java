package com.ridecounts.it.harness;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.ridecounts.launcher.CountsView;
import com.ridecounts.model.WindowCount;
import com.ridecounts.model.WindowCountJson;
import com.ridecounts.transforms.FormatLatestCounts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks of the compacted latest-counts topic ({@code --latestCountsTopic}) against the oracle. */
public final class LatestCountsTopic {
  private LatestCountsTopic() {}

  /**
   * Reads {@code topic} in offset order (read_committed): every record's key is its value's (window, event type), and
   * the last record per key, the one compaction keeps, is final and holds the oracle's count. Waits up to a minute for
   * the last records (the latest-counts sink is a write of its own and can land a little after the counts topic's).
   * Returns how many records are below their key's previous record (pane index or count), which at-least-once
   * replays can cause, for the caller to report.
   */
  public static long assertEndsOnFinalCounts(String bootstrap, String topic, CountsOracle.Result expected) {
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
    assertThat("the last record per key holds the final count", FinalPanes.resultLines(compacted),
        equalTo(expected.finalLines()));
    return goingDown;
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
