package com.ridecounts.flink;

import com.ridecounts.transforms.RideCountsMetrics;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.runners.core.metrics.MetricsContainerStepMap;
import org.apache.beam.sdk.metrics.MetricName;
import org.apache.beam.sdk.metrics.MetricResults;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A Flink metric reporter that keeps the Beam counters of jobs running in this JVM (the embedded Flink) readable
 * while they run, so that {@link FlinkJobResult#metrics()} can answer with live values.
 *
 * <p>Why it is needed: Beam's classic FlinkRunner hands Beam metrics to the {@code PipelineResult} only through a
 * Flink accumulator that each operator registers when it <em>closes</em> ({@code
 * FlinkMetricContainer.registerMetricsForPipelineResult}). For a streaming job that never ends, {@code
 * result.metrics()} is therefore empty for as long as the job runs, in detached and in attached mode. What Beam does
 * publish while the job runs is one Flink {@link Counter} per Beam counter, in the operator's metric group, named
 * {@code <namespace>.<name>} and updated at the end of every bundle. This reporter receives those counters from
 * Flink's metric registry and keeps a reference to each, keyed by job name ({@code <job_name>}, which Beam sets to
 * the unique {@code --jobName}), operator and subtask.
 *
 * <p>It is enabled by {@link FlinkRunnerDefaults} through the generated Flink configuration of an embedded run
 * ({@code metrics.reporter.ridecounts.factory.class}), and found by Flink through {@code
 * META-INF/services/org.apache.flink.metrics.reporter.MetricReporterFactory}. On a remote cluster the reporter would
 * run in the task managers, not here, so this registry stays empty for such jobs.
 *
 * <p>Values follow Beam's "attempted" semantics: when a task restarts, the counters of the failed attempt are kept
 * and the new attempt's are added to them. A job's entries are kept after it ends, so a finished or cancelled job
 * still reports its last values; they are small (one number per counter and subtask).
 */
public final class LiveMetricsReporter implements MetricReporter {
  /** The name under which {@link FlinkRunnerDefaults} configures this reporter. */
  public static final String REPORTER_NAME = "ridecounts";

  /** Separator Beam puts between namespace and name (Flink's default scope delimiter). */
  private static final String BEAM_SEPARATOR = ".";

  /** job name -> (operator | subtask | metric name) -> counter state. */
  private static final Map<String, Map<String, CounterSlot>> JOBS = new ConcurrentHashMap<>();

  /** Flink creates reporters through this factory (ServiceLoader; the configuration names it). */
  public static final class Factory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
      return new LiveMetricsReporter();
    }
  }

  /** One Beam counter of one subtask: the live Flink counter plus what earlier attempts counted. */
  private static final class CounterSlot {
    final String step;
    final MetricName name;
    volatile Counter live;
    volatile long retired;

    CounterSlot(String step, MetricName name) {
      this.step = step;
      this.name = name;
    }

    long value() {
      Counter current = live;
      return retired + (current == null ? 0 : current.getCount());
    }
  }

  @Override
  public void open(MetricConfig config) {}

  @Override
  public void close() {}

  @Override
  public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
    Key key = Key.of(metric, metricName, group);
    if (key == null) {
      return;
    }
    CounterSlot slot =
        JOBS.computeIfAbsent(key.job, j -> new ConcurrentHashMap<>())
            .computeIfAbsent(key.id, id -> new CounterSlot(key.step, key.beamName));
    synchronized (slot) {
      Counter previous = slot.live;
      if (previous != null && previous != metric) {
        slot.retired += previous.getCount();
      }
      slot.live = (Counter) metric;
    }
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
    Key key = Key.of(metric, metricName, group);
    if (key == null) {
      return;
    }
    Map<String, CounterSlot> job = JOBS.get(key.job);
    CounterSlot slot = job == null ? null : job.get(key.id);
    if (slot == null) {
      return;
    }
    synchronized (slot) {
      if (slot.live == metric) {
        slot.retired += ((Counter) metric).getCount();
        slot.live = null;
      }
    }
  }

  /** Whether any counter of job {@code jobName} has been reported here (i.e. it runs, or ran, in this JVM). */
  static boolean knows(String jobName) {
    Map<String, CounterSlot> job = JOBS.get(jobName);
    return job != null && !job.isEmpty();
  }

  /** The current counter values of job {@code jobName}, per Beam step (Flink operator), as Beam metric results. */
  static MetricResults metricsOf(String jobName) {
    MetricsContainerStepMap steps = new MetricsContainerStepMap();
    Map<String, CounterSlot> job = JOBS.getOrDefault(jobName, Map.of());
    for (CounterSlot slot : job.values()) {
      steps.getContainer(slot.step).getCounter(slot.name).inc(slot.value());
    }
    return MetricsContainerStepMap.asAttemptedOnlyMetricResults(steps);
  }

  /** Where a Flink metric belongs, if it is a Beam counter of an operator; null for everything else. */
  private static final class Key {
    final String job;
    final String step;
    final MetricName beamName;
    final String id;

    private Key(String job, String step, MetricName beamName, String subtask) {
      this.job = job;
      this.step = step;
      this.beamName = beamName;
      this.id = step + '|' + subtask + '|' + beamName.getNamespace() + '|' + beamName.getName();
    }

    static Key of(Metric metric, String metricName, MetricGroup group) {
      if (!(metric instanceof Counter) || !metricName.contains(BEAM_SEPARATOR)) {
        return null; // Flink's own counters (numRecordsIn, ...) have no namespace
      }
      Map<String, String> variables = group.getAllVariables();
      String job = variables.get("<job_name>");
      String operator = variables.get("<operator_name>");
      if (job == null || operator == null) {
        return null;
      }
      return new Key(job, operator, beamName(metricName), variables.getOrDefault("<subtask_index>", "0"));
    }
  }

  /**
   * Splits Beam's {@code <namespace>.<name>} back into its parts. Namespaces are often class names, which contain
   * dots, and the job's own names can contain dots too ({@code dead_lettered.MISSING_FIELD}): the job's namespace
   * is recognised as such, any other splits at the last dot.
   */
  static MetricName beamName(String flinkName) {
    String ownPrefix = RideCountsMetrics.NAMESPACE + BEAM_SEPARATOR;
    if (flinkName.startsWith(ownPrefix)) {
      return MetricName.named(RideCountsMetrics.NAMESPACE, flinkName.substring(ownPrefix.length()));
    }
    int dot = flinkName.lastIndexOf(BEAM_SEPARATOR);
    return MetricName.named(flinkName.substring(0, dot), flinkName.substring(dot + 1));
  }
}
