package com.ridecounts.flink;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.ridecounts.pipeline.options.RideCountsOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.LiveMetricsFlinkRunner;
import org.apache.beam.sdk.fn.JvmInitializers;
import org.apache.beam.sdk.metrics.MetricName;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.CrashingRunner;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlinkRunnerDefaultsTest {
  private static FlinkPipelineOptions parse(String... args) {
    PipelineOptionsFactory.register(RideCountsOptions.class);
    return PipelineOptionsFactory.fromArgs(args).withValidation().as(RideCountsOptions.class)
        .as(FlinkPipelineOptions.class);
  }

  @Test
  void embeddedFlinkGetsCheckpointingDetachedSubmissionStateBackendAndLiveMetrics() throws Exception {
    FlinkPipelineOptions options = parse("--runner=FlinkRunner", "--jobName=defaults-test-embedded");
    FlinkRunnerDefaults.apply(options);

    assertEquals(FlinkRunnerDefaults.DEFAULT_CHECKPOINTING_INTERVAL_MILLIS, options.getCheckpointingInterval());
    assertEquals("EXACTLY_ONCE", options.getCheckpointingMode());
    assertEquals(false, options.getAttachedMode());
    assertEquals(FlinkRunnerDefaults.localParallelism(), options.getParallelism());
    assertEquals("filesystem", options.getStateBackend());
    assertThat(options.getStateBackendStoragePath(), startsWith("file:"));
    assertThat(options.getStateBackendStoragePath(), containsString("defaults-test-embedded"));
    assertEquals(LiveMetricsFlinkRunner.class, options.getRunner());
    String config = Files.readString(Path.of(options.getFlinkConfDir(), "config.yaml"), StandardCharsets.UTF_8);
    assertThat(
        config, containsString("metrics.reporter.ridecounts.factory.class: " + LiveMetricsReporter.Factory.class.getName()));
    assertThat(config, containsString("restart-strategy.type: fixed-delay\n"));
    assertThat(
        config,
        containsString("restart-strategy.fixed-delay.delay: " + FlinkRunnerDefaults.RESTART_DELAY_SECONDS + " s\n"));
  }

  @Test
  void keepsWhatTheUserSet() {
    FlinkPipelineOptions options =
        parse(
            "--runner=FlinkRunner",
            "--checkpointingInterval=1000",
            "--attachedMode=true",
            "--parallelism=1",
            "--stateBackend=filesystem",
            "--stateBackendStoragePath=file:///somewhere",
            "--flinkConfDir=/etc/flink");
    FlinkRunnerDefaults.apply(options);

    assertEquals(1000L, options.getCheckpointingInterval());
    assertEquals(true, options.getAttachedMode());
    assertEquals(1, options.getParallelism());
    assertEquals("file:///somewhere", options.getStateBackendStoragePath());
    assertEquals("/etc/flink", options.getFlinkConfDir());
  }

  @Test
  void aStableStoragePathResumesFromItsNewestCompletedCheckpointAndRetainsCheckpoints(@TempDir Path storage)
      throws Exception {
    FlinkPipelineOptions fresh =
        parse("--runner=FlinkRunner", "--jobName=defaults-test-resume-0", "--stateBackendStoragePath=" + storage);
    FlinkRunnerDefaults.apply(fresh);
    assertNull(fresh.getSavepointPath(), "nothing to resume yet");
    assertEquals(true, fresh.isExternalizedCheckpointsEnabled());
    assertEquals(true, fresh.getRetainExternalizedCheckpointsOnCancellation());
    assertThat(flinkConfig(fresh), not(containsString(FlinkRunnerDefaults.SAVEPOINT_PATH_KEY)));

    Path completed = Files.createDirectories(storage.resolve("0123abcd").resolve("chk-4"));
    Files.writeString(completed.resolve(CompletedCheckpoints.METADATA), "metadata");
    Files.createDirectories(storage.resolve("0123abcd").resolve("chk-5")); // interrupted by the kill
    FlinkPipelineOptions restarted =
        parse("--runner=FlinkRunner", "--jobName=defaults-test-resume-1", "--stateBackendStoragePath=" + storage);
    FlinkRunnerDefaults.apply(restarted);
    assertEquals(completed.toUri().toString(), restarted.getSavepointPath());
    assertEquals(storage.toString(), restarted.getStateBackendStoragePath());
    assertThat(
        flinkConfig(restarted),
        containsString(FlinkRunnerDefaults.SAVEPOINT_PATH_KEY + ": '" + completed.toUri() + "'"));
  }

  @Test
  void aGivenSavepointWinsAndReachesTheEmbeddedFlink(@TempDir Path storage) throws Exception {
    Path completed = Files.createDirectories(storage.resolve("0123abcd").resolve("chk-4"));
    Files.writeString(completed.resolve(CompletedCheckpoints.METADATA), "metadata");
    FlinkPipelineOptions options =
        parse(
            "--runner=FlinkRunner",
            "--jobName=defaults-test-savepoint",
            "--stateBackendStoragePath=" + storage,
            "--savepointPath=file:///savepoints/sp-1");
    FlinkRunnerDefaults.apply(options);
    assertEquals("file:///savepoints/sp-1", options.getSavepointPath());
    assertThat(
        flinkConfig(options), containsString(FlinkRunnerDefaults.SAVEPOINT_PATH_KEY + ": 'file:///savepoints/sp-1'"));
  }

  private static String flinkConfig(FlinkPipelineOptions options) throws java.io.IOException {
    return Files.readString(Path.of(options.getFlinkConfDir(), "config.yaml"), StandardCharsets.UTF_8);
  }

  @Test
  void onAClusterLeavesParallelismStateAndConfigurationToTheCluster() {
    FlinkPipelineOptions options = parse("--runner=FlinkRunner", "--flinkMaster=flink-jobmanager:8081");
    FlinkRunnerDefaults.apply(options);

    assertEquals(FlinkRunnerDefaults.DEFAULT_CHECKPOINTING_INTERVAL_MILLIS, options.getCheckpointingInterval());
    assertEquals(false, options.getAttachedMode());
    assertEquals(-1, options.getParallelism());
    assertNull(options.getStateBackend());
    assertNull(options.getFlinkConfDir());
    assertEquals(LiveMetricsFlinkRunner.class, options.getRunner());
  }

  @Test
  void otherRunnersAreLeftAloneAndTheLauncherHookFindsTheDefaults() {
    FlinkPipelineOptions other = parse("--runner=" + CrashingRunner.class.getName());
    JvmInitializers.runBeforeProcessing(other);
    assertEquals(CrashingRunner.class, other.getRunner());
    assertEquals(-1L, other.getCheckpointingInterval());
    assertNull(other.getFlinkConfDir());

    FlinkPipelineOptions flink = parse("--runner=FlinkRunner", "--flinkMaster=[local]");
    JvmInitializers.runBeforeProcessing(flink); // what the launcher calls: finds FlinkRunnerDefaults via ServiceLoader
    assertEquals(FlinkRunnerDefaults.DEFAULT_CHECKPOINTING_INTERVAL_MILLIS, flink.getCheckpointingInterval());
    String confDir = flink.getFlinkConfDir();
    FlinkRunnerDefaults.apply(flink); // idempotent
    assertEquals(confDir, flink.getFlinkConfDir());
    assertEquals(LiveMetricsFlinkRunner.class, flink.getRunner());
  }

  @Test
  void beamMetricNamesAreRecoveredFromFlinkMetricNames() {
    assertEquals(MetricName.named("ride-counts", "records_read"), LiveMetricsReporter.beamName("ride-counts.records_read"));
    assertEquals(
        MetricName.named("ride-counts", "dead_lettered.MISSING_FIELD"),
        LiveMetricsReporter.beamName("ride-counts.dead_lettered.MISSING_FIELD"));
    assertEquals(
        MetricName.named("org.apache.beam.runners.core.LateDataDroppingDoFnRunner", "droppedDueToLateness"),
        LiveMetricsReporter.beamName("org.apache.beam.runners.core.LateDataDroppingDoFnRunner.droppedDueToLateness"));
    assertEquals(
        MetricName.named("ride-counts", "records_read"), FlinkRestMetrics.beamName("ride-counts_records_read"));
    assertEquals(
        "droppedDueToLateness",
        FlinkRestMetrics.beamName("org_apache_beam_runners_core_LateDataDroppingDoFnRunner_droppedDueToLateness")
            .getName());
  }

  @Test
  void reporterKeepsLiveCountersAndAddsUpAttempts() {
    LiveMetricsReporter reporter = new LiveMetricsReporter();
    MetricGroup subtask0 = operatorGroup("reporter-test-job", "Validate records", "0");
    MetricGroup subtask1 = operatorGroup("reporter-test-job", "Validate records", "1");
    SimpleCounter first = new SimpleCounter();
    SimpleCounter second = new SimpleCounter();
    reporter.notifyOfAddedMetric(first, "ride-counts.records_read", subtask0);
    reporter.notifyOfAddedMetric(second, "ride-counts.records_read", subtask1);
    reporter.notifyOfAddedMetric(new SimpleCounter(), "numRecordsIn", subtask0); // Flink's own: ignored
    first.inc(5);
    second.inc(7);
    assertEquals(12, recordsRead("reporter-test-job"));

    // subtask 0 fails and restarts: the failed attempt's count is kept, the new attempt's added (Beam's "attempted")
    reporter.notifyOfRemovedMetric(first, "ride-counts.records_read", subtask0);
    SimpleCounter restarted = new SimpleCounter();
    reporter.notifyOfAddedMetric(restarted, "ride-counts.records_read", subtask0);
    restarted.inc(2);
    assertEquals(14, recordsRead("reporter-test-job"));

    // the job ends: the last values stay readable
    reporter.notifyOfRemovedMetric(restarted, "ride-counts.records_read", subtask0);
    reporter.notifyOfRemovedMetric(second, "ride-counts.records_read", subtask1);
    assertEquals(14, recordsRead("reporter-test-job"));
  }

  private static long recordsRead(String job) {
    MetricQueryResults results = LiveMetricsReporter.metricsOf(job).queryMetrics(MetricsFilter.builder().build());
    long sum = 0;
    for (MetricResult<Long> counter : results.getCounters()) {
      if (counter.getName().equals(MetricName.named("ride-counts", "records_read"))) {
        sum += counter.getAttempted();
      }
    }
    return sum;
  }

  private static MetricGroup operatorGroup(String job, String operator, String subtask) {
    return new UnregisteredMetricsGroup() {
      @Override
      public Map<String, String> getAllVariables() {
        return Map.of("<job_name>", job, "<operator_name>", operator, "<subtask_index>", subtask);
      }
    };
  }
}
