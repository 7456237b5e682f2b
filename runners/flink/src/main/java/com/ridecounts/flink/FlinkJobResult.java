package com.ridecounts.flink;

import java.io.IOException;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricResults;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link PipelineResult} of a ride-counts job on the FlinkRunner: Beam's Flink result, with two things added.
 *
 * <ul>
 *   <li>{@link #metrics()} answers with live counter values while the job runs: from {@link LiveMetricsReporter}
 *       for a job on the embedded Flink, from the cluster's REST API ({@link FlinkRestMetrics}) for a job on a
 *       remote cluster. Beam's own result has none until the job ends (see {@link LiveMetricsReporter}); it is the
 *       fallback.
 *   <li>The state stays readable after the job ends. An embedded detached job runs on its own Flink mini cluster,
 *       which shuts down as soon as the job reaches a terminal state; Beam's result then throws {@code
 *       IllegalStateException: MiniCluster is not yet running or has already been shut down} from {@code
 *       getState()}, {@code cancel()} and {@code waitUntilFinish()}. Here the last terminal state is kept; if the
 *       cluster is gone before one was seen, the job was cancelled if {@link #cancel()} asked for it and failed
 *       otherwise (a streaming job with an unbounded source does not finish by itself).
 * </ul>
 */
public final class FlinkJobResult implements PipelineResult {
  private static final Logger LOG = LoggerFactory.getLogger(FlinkJobResult.class);
  private static final long POLL_MILLIS = 200;

  private final PipelineResult delegate;
  private final String jobName;
  private final @Nullable FlinkRestMetrics clusterMetrics;
  private volatile boolean cancelRequested;
  private volatile State terminal;

  /** Wraps {@code delegate}, the result of the Flink job named {@code jobName} (Beam's {@code --jobName}). */
  public FlinkJobResult(PipelineResult delegate, String jobName) {
    this(delegate, jobName, null);
  }

  /**
   * Wraps {@code delegate}, the result of the Flink job named {@code jobName} on the cluster whose REST endpoint is
   * {@code flinkMaster} (host:port): its counters are read from the cluster's REST API (see {@link FlinkRestMetrics}).
   */
  public static FlinkJobResult onCluster(PipelineResult delegate, String jobName, String flinkMaster) {
    return new FlinkJobResult(delegate, jobName, new FlinkRestMetrics(flinkMaster, jobName));
  }

  private FlinkJobResult(PipelineResult delegate, String jobName, @Nullable FlinkRestMetrics clusterMetrics) {
    this.delegate = delegate;
    this.jobName = jobName;
    this.clusterMetrics = clusterMetrics;
  }

  @Override
  public State getState() {
    State known = terminal;
    if (known != null) {
      return known;
    }
    State state;
    try {
      state = delegate.getState();
    } catch (RuntimeException e) {
      state = cancelRequested ? State.CANCELLED : State.FAILED;
      LOG.debug("Flink job {} is gone ({}); taking it as {}", jobName, e.toString(), state);
    }
    if (state.isTerminal()) {
      terminal = state;
    }
    return state;
  }

  @Override
  public State cancel() throws IOException {
    cancelRequested = true;
    if (getState().isTerminal()) {
      return getState();
    }
    try {
      delegate.cancel();
    } catch (RuntimeException e) {
      // the job ended (and its embedded cluster shut down) between the check and the cancel: getState() says how
      LOG.debug("cancelling Flink job {}: {}", jobName, e.toString());
    }
    return getState();
  }

  @Override
  public State waitUntilFinish(Duration duration) {
    long millis = duration == null ? 0 : duration.getMillis();
    long deadline = millis < 1 ? Long.MAX_VALUE : System.currentTimeMillis() + millis;
    State state = getState();
    while (!state.isTerminal() && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(Math.min(POLL_MILLIS, Math.max(1, deadline - System.currentTimeMillis())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return state;
      }
      state = getState();
    }
    return state;
  }

  @Override
  public State waitUntilFinish() {
    return waitUntilFinish(Duration.ZERO);
  }

  @Override
  public MetricResults metrics() {
    if (LiveMetricsReporter.knows(jobName)) {
      return LiveMetricsReporter.metricsOf(jobName);
    }
    if (clusterMetrics != null && !getState().isTerminal()) {
      return clusterMetrics.query();
    }
    try {
      return delegate.metrics();
    } catch (RuntimeException e) {
      // Beam's detached result asks the (possibly shut down) cluster for the job's accumulators
      LOG.debug("no metrics for Flink job {}: {}", jobName, e.toString());
      return LiveMetricsReporter.metricsOf(jobName);
    }
  }

  @Override
  public String toString() {
    return "FlinkJobResult{" + jobName + ", " + delegate + "}";
  }
}
