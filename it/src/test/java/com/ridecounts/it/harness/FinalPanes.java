package com.ridecounts.it.harness;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.ridecounts.launcher.CountsView;
import com.ridecounts.model.WindowCount;
import com.ridecounts.model.WindowCountJson;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

  /**
   * Starts the job {@code command} (output in {@code log}), waits up to 4 minutes until the counts topic on {@code
   * bootstrap} holds a final pane for every key of {@code expected}, checks that they equal the oracle's, and kills
   * the job (SIGKILL) in any case.
   */
  public static void runToOracle(List<String> command, Path log, String bootstrap, CountsOracle.Result expected)
      throws IOException, InterruptedException {
    Process job = LauncherProcess.start(command, log);
    try (CountsView view = new CountsView(bootstrap, "counts", Map.of())) {
      awaitAll(view, job, log, expected.counts().size(), Duration.ofMinutes(4));
      assertThat(resultLines(view.finals()), equalTo(expected.finalLines()));
    } finally {
      job.destroyForcibly();
      job.waitFor();
    }
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
