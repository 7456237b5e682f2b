package com.ridecounts.launcher;

import com.ridecounts.model.WindowCount;
import com.ridecounts.model.WindowCountJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A consumer's view of the counts topic, read from the beginning with {@code isolation.level=read_committed}: the
 * latest pane per (window, event type), the final panes, and the anomalies a consumer should never see (the same pane
 * twice, a pane after the final one, a count that goes down). Used by the demo's live view, by replay and by tests.
 * Not thread-safe: one thread polls and reads it.
 */
public final class CountsView implements AutoCloseable {
  /** A (window, event type) key. */
  public static final class Key {
    public final long windowStartMillis;
    public final long windowEndMillis;
    public final @Nullable String eventType;

    Key(WindowCount count) {
      this.windowStartMillis = count.windowStartMillis();
      this.windowEndMillis = count.windowEndMillis();
      this.eventType = count.eventType();
    }

    @Override
    public boolean equals(@Nullable Object o) {
      if (!(o instanceof Key)) {
        return false;
      }
      Key k = (Key) o;
      return windowStartMillis == k.windowStartMillis
          && windowEndMillis == k.windowEndMillis
          && Objects.equals(eventType, k.eventType);
    }

    @Override
    public int hashCode() {
      return Objects.hash(windowStartMillis, windowEndMillis, eventType);
    }
  }

  /** Orders counts by window start, window end, then event type with the null type first. */
  public static final Comparator<WindowCount> WINDOW_ORDER =
      Comparator.comparingLong(WindowCount::windowStartMillis)
          .thenComparingLong(WindowCount::windowEndMillis)
          .thenComparing(WindowCount::eventType, Comparator.nullsFirst(Comparator.naturalOrder()));

  private final KafkaConsumer<String, String> consumer;
  private final Map<Key, WindowCount> latest = new HashMap<>();
  private final Map<Key, WindowCount> finals = new HashMap<>();
  private final Set<String> seenPanes = new HashSet<>();
  private long panes;
  private long duplicatePanes;
  private long panesAfterFinal;
  private long decreasingCounts;

  public CountsView(String bootstrapServers, String topic, Map<String, Object> clientSettings) {
    consumer =
        TopicFromStart.open(
            bootstrapServers, topic, clientSettings, new StringDeserializer(), new StringDeserializer());
  }

  /** Reads what has been committed since the last poll, waiting at most {@code timeout}; returns the panes read. */
  public int poll(Duration timeout) {
    int read = 0;
    for (ConsumerRecord<String, String> record : consumer.poll(timeout)) {
      accept(WindowCountJson.fromJson(record.value()));
      read++;
    }
    return read;
  }

  private void accept(WindowCount pane) {
    panes++;
    Key key = new Key(pane);
    String paneId =
        key.windowStartMillis + "|" + key.windowEndMillis + "|" + (key.eventType == null ? "-" : "=" + key.eventType)
            + "|" + pane.paneIndex();
    if (!seenPanes.add(paneId)) {
      duplicatePanes++;
      return;
    }
    // Panes are ordered by their index, not by topic order: the exactly-once sink regroups records, so two panes of
    // a key fired together (e.g. the on-time and the final pane of one watermark jump) can reach the topic swapped.
    WindowCount finalPane = finals.get(key);
    if (finalPane != null && pane.paneIndex() > finalPane.paneIndex()) {
      panesAfterFinal++;
      return;
    }
    WindowCount previous = latest.get(key);
    if (previous != null
        && (pane.paneIndex() > previous.paneIndex()
            ? pane.count() < previous.count()
            : pane.count() > previous.count())) {
      decreasingCounts++;
    }
    if (previous == null || pane.paneIndex() > previous.paneIndex()) {
      latest.put(key, pane);
    }
    if (pane.isFinal()) {
      finals.put(key, pane);
    }
  }

  /** The latest pane of every key seen so far. */
  public List<WindowCount> latest() {
    List<WindowCount> all = new ArrayList<>(latest.values());
    all.sort(WINDOW_ORDER);
    return all;
  }

  /** The final pane of every key that has one, in window order. */
  public List<WindowCount> finals() {
    List<WindowCount> all = new ArrayList<>(finals.values());
    all.sort(WINDOW_ORDER);
    return all;
  }

  /** Sum of the counts of all final panes. */
  public long finalCountSum() {
    return finals.values().stream().mapToLong(WindowCount::count).sum();
  }

  public int keys() {
    return latest.size();
  }

  public long panes() {
    return panes;
  }

  /** Panes read more than once (same key and pane index): replays of an at-least-once sink. */
  public long duplicatePanes() {
    return duplicatePanes;
  }

  /** Panes with a higher index than the key's final pane; a correct job emits none. */
  public long panesAfterFinal() {
    return panesAfterFinal;
  }

  /** Panes whose count is out of order with the key's latest pane by index; accumulating panes never go down. */
  public long decreasingCounts() {
    return decreasingCounts;
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
