package com.ridecounts.it.harness;

import com.ridecounts.launcher.CountsView;
import com.ridecounts.model.WindowCount;
import com.ridecounts.model.WindowCountJson;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Waiting for a job in a child process to finish its windows, and its panes as FINAL.jsonl lines. */
public final class FinalPanes {
  private FinalPanes() {}

  /**
   * Polls {@code view} until it holds a final pane for {@code expectedKeys} keys; fails at once if {@code job} exits,
   * or after {@code timeout}, with the tail of its {@code log}.
   */
  public static void awaitAll(CountsView view, Process job, Path log, int expectedKeys, Duration timeout) {
    Await.until(
        "final panes for every (window, event type)",
        timeout,
        () -> {
          view.poll(Duration.ofMillis(500));
          if (!job.isAlive()) {
            throw new AssertionError("the job exited:\n" + Logs.tail(log));
          }
          return view.finals().size() >= expectedKeys;
        },
        () -> view.finals().size() + " of " + expectedKeys + " final; log:\n" + Logs.tail(log));
  }

  /** The counts as FINAL.jsonl lines ({@link WindowCountJson#toResultJson}), in the given order. */
  public static List<String> resultLines(List<WindowCount> counts) {
    List<String> lines = new ArrayList<>();
    for (WindowCount count : counts) {
      lines.add(WindowCountJson.toResultJson(count));
    }
    return lines;
  }
}
