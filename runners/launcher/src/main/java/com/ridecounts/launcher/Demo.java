package com.ridecounts.launcher;

import com.ridecounts.model.WindowCount;
import com.ridecounts.model.WindowCountJson;
import com.ridecounts.pipeline.JobCounters;
import com.ridecounts.pipeline.RideCountsPipeline;
import com.ridecounts.pipeline.options.RideCountsOptions;
import com.ridecounts.transforms.RideCountsMetrics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.apache.beam.sdk.PipelineResult;

/**
 * {@code ./ride-counts demo [--eventsPerSecond R] [--refreshSeconds S] [--durationSeconds D] [pipeline options]}: the
 * job on the embedded default. Starts the embedded Kafka broker, creates the topics (input with 2 partitions; the
 * latest-counts topic, {@value #DEMO_LATEST_COUNTS_TOPIC} unless {@code --latestCountsTopic} names another or is empty,
 * compacted),
 * generates live ride events ({@link RideEventGenerator}: out-of-order, late and malformed ones included), runs the
 * pipeline (DirectRunner unless {@code --runner} says otherwise) and redraws a console view of the latest counts until
 * Ctrl-C (or for D seconds), then stops the job and the broker.
 */
final class Demo {
  /** The compacted latest-counts topic the demo writes unless {@code --latestCountsTopic} says otherwise. */
  static final String DEMO_LATEST_COUNTS_TOPIC = "ride_event_counts_latest";

  private static final Set<String> FLAGS = Set.of("eventsPerSecond", "refreshSeconds", "durationSeconds");

  private Demo() {}

  static int run(String[] args, PrintStream out) throws Exception {
    CommandLine cl = new CommandLine(args, FLAGS);
    double perSecond = Double.parseDouble(cl.get("eventsPerSecond", "50"));
    Duration refresh = Duration.ofSeconds(Long.parseLong(cl.get("refreshSeconds", "2")));
    long durationSeconds = Long.parseLong(cl.get("durationSeconds", "0"));
    CountDownLatch stopRequested = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(new AwaitCleanStop(stopRequested, stopped), "demo-shutdown"));

    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      Map<String, String> defaults = new LinkedHashMap<>();
      defaults.put("bootstrapServers", broker.bootstrapServers());
      defaults.put("startingOffsets", "EARLIEST");
      defaults.put("latestCountsTopic", DEMO_LATEST_COUNTS_TOPIC);
      RideCountsOptions options = Launch.parseOptions(cl, defaults);
      broker.createTopic(options.getInputTopic(), 2);
      broker.createTopic(options.getOutputTopic(), 1);
      broker.createTopic(options.getDeadLetterTopic(), 1);
      if (!options.getLatestCountsTopic().isEmpty()) {
        TopicAdmin.createCompacted(broker.bootstrapServers(), Map.of(), 1, options.getLatestCountsTopic());
      }

      PipelineResult result = RideCountsPipeline.run(options);
      LiveEvents events = LiveEvents.start(broker.bootstrapServers(), options.getInputTopic(), perSecond);
      long started = System.nanoTime();
      try (CountsView view = new CountsView(broker.bootstrapServers(), options.getOutputTopic(), Map.of())) {
        while (!stopRequested.await(refresh.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
          while (view.poll(Duration.ofMillis(50)) > 0) {
            // drain what is there before drawing
          }
          double elapsed = (System.nanoTime() - started) / 1e9;
          draw(out, options, view, JobCounters.of(result), events.produced(), elapsed);
          if (result.getState().isTerminal()) {
            out.println("the job ended: " + result.getState());
            return 1;
          }
          if (durationSeconds > 0 && elapsed >= durationSeconds) {
            break;
          }
        }
      } finally {
        out.println("stopping: generator, job, broker");
        events.close();
        Launch.stop(result);
      }
    } finally {
      stopped.countDown();
    }
    return 0;
  }

  private static void draw(
      PrintStream out, RideCountsOptions options, CountsView view, JobCounters counters, long produced, double secs) {
    StringBuilder screen = new StringBuilder("\033[H\033[2J");
    screen.append(
        String.format(
            "ride-counts demo on %s  |  %.0f s  |  produced %d (%.0f/s)%n",
            options.getRunner().getSimpleName(), secs, produced, produced / Math.max(secs, 1)));
    screen.append(
        String.format(
            "read %d = counted %d + too late %d + dead-lettered %d  |  late (event,window) dropped %d  |"
                + "  watermark >= %s%n%n",
            counters.get(RideCountsMetrics.RECORDS_READ),
            counters.get(RideCountsMetrics.EVENTS_COUNTED),
            counters.get(RideCountsMetrics.EVENTS_DROPPED_LATE),
            counters.get(RideCountsMetrics.DEAD_LETTERED),
            counters.droppedLate(),
            watermarkLowerBound(view.latest())));
    List<WindowCount> latest = view.latest();
    int from = Math.max(0, latest.size() - 24);
    screen.append(String.format("%-26s %-20s %8s  %s%n", "window start (UTC)", "event type", "count", "pane"));
    for (WindowCount c : latest.subList(from, latest.size())) {
      screen.append(
          String.format(
              "%-26s %-20s %8d  #%d %s%s%n",
              WindowCountJson.isoMillis(c.windowStartMillis()),
              c.eventType() == null ? "(none)" : c.eventType(),
              c.count(),
              c.paneIndex(),
              c.timing(),
              c.isFinal() ? " final" : ""));
    }
    screen.append(String.format("%n%d panes, %d keys; Ctrl-C stops%n", view.panes(), view.keys()));
    out.print(screen);
    out.flush();
  }

  /** The end of the latest window that had an on-time pane: the job's watermark has passed it. */
  private static String watermarkLowerBound(List<WindowCount> latest) {
    long end = Long.MIN_VALUE;
    for (WindowCount c : latest) {
      if (c.timing() != WindowCount.Timing.EARLY && c.windowEndMillis() > end) {
        end = c.windowEndMillis();
      }
    }
    return end == Long.MIN_VALUE ? "(no window closed yet)" : WindowCountJson.isoMillis(end);
  }

  /** On Ctrl-C/SIGTERM: asks the demo loop to stop and holds the JVM until it has shut everything down. */
  private static final class AwaitCleanStop implements Runnable {
    private final CountDownLatch stopRequested;
    private final CountDownLatch stopped;

    AwaitCleanStop(CountDownLatch stopRequested, CountDownLatch stopped) {
      this.stopRequested = stopRequested;
      this.stopped = stopped;
    }

    @Override
    public void run() {
      stopRequested.countDown();
      try {
        stopped.await(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
