package com.ridecounts.transforms;

/** How counts are emitted, after the seed job's Spark output modes. */
public enum OutputMode {
  /**
   * Spark's {@code update}: early panes while a window is open, an on-time pane when the watermark passes its end,
   * late panes while late data arrives within the allowed lateness, and a final pane when the window closes. Panes
   * accumulate, so each carries the full count so far.
   */
  UPDATE,
  /** Spark's {@code append}: exactly one pane per (window, event type), emitted when the window closes. */
  APPEND
}
