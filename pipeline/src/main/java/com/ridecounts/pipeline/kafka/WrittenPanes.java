package com.ridecounts.pipeline.kafka;

import com.ridecounts.model.WindowCount;
import com.ridecounts.transforms.FormatLatestCounts;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an at-least-once sink has written to its topic, per (window, event type): the last pane written, and the
 * decision whether a pane about to be written adds anything to it. Used by {@link DropReplayedPanesProducer}.
 *
 * <p>A pane is written when it is the first for its key, when it has a higher count than the last one written, or
 * when it is the key's first final pane. Everything else is dropped: any pane after a final one, and a non-final pane
 * whose count is not above the last one (a duplicate or a step backwards). A final pane below the last count written
 * is still written, with a warning: every key must end on a final pane, and such a pane means a replay counted the
 * input differently, which no guard can repair. A pane that is written gets the index {@code max(its own, last
 * written + 1)}, so indexes on the topic only go up.
 *
 * <p>Memory stays bounded by the windows still open: every {@value #FORGET_EVERY} admissions, keys whose window ended
 * more than the horizon before the latest window end seen are forgotten ({@link #forget}). The count is kept here, not
 * per producer, because Spark creates a producer per task and micro-batch. Thread-safe.
 */
final class WrittenPanes {
  private static final Logger LOG = LoggerFactory.getLogger(WrittenPanes.class);
  private static final Comparator<WindowCount> ORDER =
      Comparator.comparingLong(WindowCount::paneIndex)
          .thenComparingLong(WindowCount::count)
          .thenComparing(WindowCount::isFinal);

  /** Admissions between two passes of {@link #forget}. */
  static final int FORGET_EVERY = 1_000;

  private final long horizonMillis;
  private final Map<String, WindowCount> lastWritten = new HashMap<>();
  private final Map<String, WindowCount> inFlight = new HashMap<>();
  private long latestWindowEndMillis = Long.MIN_VALUE;
  private long admissions;

  /** Remembers keys until their window ended more than {@code horizonMillis} before the latest window end seen. */
  WrittenPanes(long horizonMillis) {
    this.horizonMillis = horizonMillis;
  }

  /** Records a pane known to be on the topic (read back from it, or acknowledged by the broker). */
  synchronized void written(WindowCount pane) {
    String key = FormatLatestCounts.key(pane);
    lastWritten.merge(key, pane, WrittenPanes::later);
    WindowCount sent = inFlight.get(key);
    if (sent != null && ORDER.compare(sent, pane) <= 0) {
      inFlight.remove(key);
    }
    latestWindowEndMillis = Math.max(latestWindowEndMillis, pane.windowEndMillis());
  }

  /** Forgets a pane that was sent but not written (the send failed). */
  synchronized void notWritten(WindowCount pane) {
    inFlight.remove(FormatLatestCounts.key(pane), pane);
  }

  /**
   * The pane to send for {@code pane}, re-indexed after the last one written or in flight for its key; empty if it
   * adds nothing (see the class comment). A pane returned counts as in flight until {@link #written} or {@link
   * #notWritten}.
   */
  synchronized Optional<WindowCount> admit(WindowCount pane) {
    if (++admissions % FORGET_EVERY == 0) {
      forget();
    }
    String key = FormatLatestCounts.key(pane);
    WindowCount last = later(lastWritten.get(key), inFlight.get(key));
    if (last != null && (last.isFinal() || (!pane.isFinal() && pane.count() <= last.count()))) {
      return Optional.empty();
    }
    if (last != null && pane.count() < last.count()) {
      LOG.warn(
          "Final pane of {} has count {}, below the {} already written (pane {}): the input was not counted the same"
              + " way when the job ran those micro-batches again after a restart; writing the final pane anyway",
          key, pane.count(), last.count(), last.paneIndex());
    }
    WindowCount toSend =
        last == null || pane.paneIndex() > last.paneIndex()
            ? pane
            : new WindowCount(pane.windowStartMillis(), pane.windowEndMillis(), pane.eventType(), pane.count(),
                last.paneIndex() + 1, pane.timing(), pane.isFinal());
    inFlight.put(key, toSend);
    latestWindowEndMillis = Math.max(latestWindowEndMillis, pane.windowEndMillis());
    return Optional.of(toSend);
  }

  /** Forgets keys whose window ended more than the horizon before the latest window end seen. */
  synchronized void forget() {
    if (latestWindowEndMillis == Long.MIN_VALUE) {
      return;
    }
    long oldest = latestWindowEndMillis - horizonMillis;
    for (Iterator<WindowCount> panes = lastWritten.values().iterator(); panes.hasNext(); ) {
      if (panes.next().windowEndMillis() < oldest) {
        panes.remove();
      }
    }
  }

  /** Keys remembered. */
  synchronized int size() {
    return lastWritten.size();
  }

  /** The pane further along: higher index, then higher count, then final. */
  private static @Nullable WindowCount later(@Nullable WindowCount a, @Nullable WindowCount b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return ORDER.compare(b, a) > 0 ? b : a;
  }
}
