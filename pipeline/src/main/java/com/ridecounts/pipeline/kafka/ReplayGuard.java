package com.ridecounts.pipeline.kafka;

import java.io.Serializable;
import java.time.Duration;

/**
 * Settings of the at-least-once pane sinks' guard against replays ({@link DropReplayedPanesProducer}).
 *
 * @param tail how much of the topic's most recent writes (by record time) is read back when the job starts: at least
 *     what a restart can replay, the micro-batches since the last checkpoint
 * @param horizon how long, in event time, a (window, event type) is remembered after the latest window end seen: at
 *     least the window size plus the allowed lateness, so every window a replay can fire again is still known
 */
public record ReplayGuard(Duration tail, Duration horizon) implements Serializable {
  /** Read back 30 minutes of writes; remember windows for their size plus lateness plus 30 minutes. */
  public static ReplayGuard forWindows(Duration windowSize, Duration allowedLateness) {
    Duration margin = Duration.ofMinutes(30);
    return new ReplayGuard(margin, windowSize.plus(allowedLateness).plus(margin));
  }
}
