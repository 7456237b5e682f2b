package com.ridecounts.it.reliability;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.ridecounts.it.harness.Await;
import com.ridecounts.it.harness.CountsOracle;
import com.ridecounts.it.harness.FinalPanes;
import com.ridecounts.it.harness.FirstCommitWindow;
import com.ridecounts.it.harness.GeneratedRides;
import com.ridecounts.it.harness.KafkaAcls;
import com.ridecounts.it.harness.KafkaTestClients;
import com.ridecounts.it.harness.LauncherProcess;
import com.ridecounts.it.harness.Logs;
import com.ridecounts.it.harness.PacedProducer;
import com.ridecounts.it.harness.TestCertificates;
import com.ridecounts.launcher.CountsView;
import com.ridecounts.launcher.EmbeddedKafkaBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The counts topic becomes unwritable for the job's login while the job is writing to it: a DENY ACL for WRITE on
 * that topic, on a broker that enforces ACLs ({@code EmbeddedKafkaBroker.startWithSaslSslAndAcls}). The job ({@code
 * ride-counts run} in a child JVM, SCRAM over TLS) may still read its input and use its consumer group, and write the
 * dead-letter and latest-counts topics. What each runner does:
 *
 * <ul>
 *   <li>SparkRunner with {@code --checkpointDir} (production, at-least-once sink): the job stalls and logs an ERROR
 *       naming the topic and the authorization failure every 5 s; once the DENY is removed it carries on, and its
 *       final panes equal the oracle's for every (window, event type). Failing instead would lose panes: Spark
 *       Streaming counts a batch whose output failed as completed, and a restart from the checkpoint does not write it
 *       again (a first version of this test saw 12 of 303 keys never get a final pane). A job stalled this way
 *       stops on SIGTERM, and a restart from its checkpoint after the grant ends on the oracle's final panes too.
 *   <li>DirectRunner (exactly-once sink): the refused write fails the transaction and the job exits non-zero with an
 *       error summary naming the topic and the authorization failure. Its window state was only in memory.
 *   <li>FlinkRunner with a stable {@code --stateBackendStoragePath} (exactly-once sink, paced input): the refused
 *       write fails the sink's transaction, Flink restarts the job from its newest completed checkpoint, and each
 *       failed attempt is logged with the TopicAuthorizationException naming the topic; the job stays alive and no
 *       pane is committed to the topic. Once the DENY is removed, a restart from the checkpoint carries on: final and
 *       latest panes equal the oracle's, with no pane twice on read_committed. The DENY comes only after every sink's
 *       first commit and two more checkpoints ({@link FirstCommitWindow}: a restore from before that cannot resume
 *       the sink).
 * </ul>
 *
 * <p>The times from the DENY to the first error, and from the grant to the next pane, are printed ({@code
 * OutputTopicDeniedIT: ...}).
 */
class OutputTopicDeniedIT {
  private static final String USER = "ride-counts-job";
  private static final String GROUP = "acl-job";
  private static final String COUNTS = "denied-counts";
  private static final int BACKLOG = 6_000;
  /** How long the test keeps the DENY once the job has reported it. */
  private static final Duration DENIED_FOR = Duration.ofSeconds(30);
  /** Records per chunk and pause between chunks of the Flink test's paced input: about 75 records per second. */
  private static final int PACED_CHUNK = 25;
  private static final long PACED_PAUSE_MILLIS = 330;
  /** The cause Flink logs with each failed attempt of the exactly-once sink while WRITE is denied. */
  private static final String FLINK_REFUSED =
      "TopicAuthorizationException: Not authorized to access topics: [" + COUNTS + "]";
  /** The ERROR line of the at-least-once sink while a write is refused (RetryWhileUnwritableProducer). */
  private static final String STALLED =
      "Cannot write to topic(s) [" + COUNTS + "] right now (TopicAuthorizationException: ";

  @TempDir Path tmp;
  private final Path logs = Path.of("target", "output-topic-denied-it");

  @Test
  void sparkJobWaitsForTheAclAndLosesNothing() throws Exception {
    List<byte[]> values = GeneratedRides.realistic(31, BACKLOG);
    CountsOracle.Result expected = CountsOracle.jobDefaults().compute(values, 1);
    Path log = Files.createDirectories(logs).resolve("spark.log");
    try (SecuredBroker secured = SecuredBroker.start(tmp);
        CountsView view = new CountsView(secured.broker.bootstrapServers(), COUNTS, Map.of())) {
      KafkaTestClients.produce(secured.broker.bootstrapServers(), "rides", values, i -> 0);
      Process job = LauncherProcess.start(secured.sparkCommand(tmp.resolve("checkpoints")), log);
      try {
        awaitFirstPanes(view, job, log);
        AclBinding denyWrite = secured.denyWriteOnCounts();
        long deniedNanos = System.nanoTime();
        Duration toError = awaitStalled(view, job, log);
        long panesWhileDenied = view.panes();
        keepDenied(view, job, log, deniedNanos);
        assertThat("no pane reaches the topic while WRITE is denied", view.panes(), equalTo(panesWhileDenied));
        long stalledLines = Files.readAllLines(log).stream().filter(l -> l.contains(STALLED)).count();

        Duration toNextPane =
            allowAndAwaitNextPane(secured, denyWrite, view, job, log, panesWhileDenied, Duration.ofMinutes(2));
        assertEndsOnOracle(view, job, log, expected);
        System.out.printf(
            "OutputTopicDeniedIT: SparkRunner: first ERROR %d ms after the DENY, %d ERROR lines in %d s denied,"
                + " next pane %d ms after the grant; %d panes, %d duplicates, %d keys final = oracle%n",
            toError.toMillis(), stalledLines, DENIED_FOR.toSeconds(), toNextPane.toMillis(), view.panes(),
            view.duplicatePanes(), view.finals().size());
      } finally {
        job.destroy();
        job.waitFor(60, TimeUnit.SECONDS);
        job.destroyForcibly();
      }
    }
  }

  @Test
  void stalledSparkJobStopsOnSigtermAndResumesFromItsCheckpointOnceAllowed() throws Exception {
    List<byte[]> values = GeneratedRides.realistic(33, BACKLOG);
    CountsOracle.Result expected = CountsOracle.jobDefaults().compute(values, 1);
    Path stalledLog = Files.createDirectories(logs).resolve("spark-sigterm.log");
    Path resumedLog = logs.resolve("spark-resumed.log");
    try (SecuredBroker secured = SecuredBroker.start(tmp);
        CountsView view = new CountsView(secured.broker.bootstrapServers(), COUNTS, Map.of())) {
      KafkaTestClients.produce(secured.broker.bootstrapServers(), "rides", values, i -> 0);
      List<String> command = secured.sparkCommand(tmp.resolve("checkpoints"));
      Process stalled = LauncherProcess.start(command, stalledLog);
      AclBinding denyWrite;
      long stopMillis;
      try {
        awaitFirstPanes(view, stalled, stalledLog);
        denyWrite = secured.denyWriteOnCounts();
        awaitStalled(view, stalled, stalledLog);
        long sigterm = System.nanoTime();
        stalled.destroy(); // SIGTERM while a batch waits for the ACL
        assertThat("a stalled job stops within 60 s of SIGTERM, log:\n" + Logs.tail(stalledLog),
            stalled.waitFor(60, TimeUnit.SECONDS), equalTo(true));
        stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sigterm);
      } finally {
        stalled.destroyForcibly();
      }
      assertThat("stopped before every key was final", view.finals().size() < expected.counts().size(),
          equalTo(true));

      secured.broker.deleteAcls(List.of(KafkaAcls.exactly(denyWrite)));
      Process resumed = LauncherProcess.start(command, resumedLog);
      try {
        assertEndsOnOracle(view, resumed, resumedLog, expected);
        System.out.printf(
            "OutputTopicDeniedIT: SparkRunner stalled: SIGTERM stop took %d ms (exit %d); after the restart from the"
                + " checkpoint: %d panes, %d duplicates, %d keys final = oracle%n",
            stopMillis, stalled.exitValue(), view.panes(), view.duplicatePanes(), view.finals().size());
      } finally {
        resumed.destroy();
        resumed.waitFor(60, TimeUnit.SECONDS);
        resumed.destroyForcibly();
      }
    }
  }

  @Test
  void directRunnerJobStopsWithAClearError() throws Exception {
    Path log = Files.createDirectories(logs).resolve("direct.log");
    try (SecuredBroker secured = SecuredBroker.start(tmp);
        CountsView view = new CountsView(secured.broker.bootstrapServers(), COUNTS, Map.of())) {
      KafkaTestClients.produce(
          secured.broker.bootstrapServers(), "rides", GeneratedRides.realistic(32, BACKLOG), i -> 0);
      List<String> args = new ArrayList<>(secured.jobArgs());
      args.add("--runner=DirectRunner");
      Process job = LauncherProcess.start(LauncherProcess.command(List.of("-Xmx1g"), "run", args), log);
      long deniedNanos;
      try {
        awaitFirstPanes(view, job, log);
        secured.denyWriteOnCounts();
        deniedNanos = System.nanoTime();
        assertThat("the job stops within 3 minutes of the DENY, log:\n" + Logs.tail(log),
            job.waitFor(3, TimeUnit.MINUTES), equalTo(true));
      } finally {
        job.destroyForcibly();
      }
      long toExit = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - deniedNanos);
      assertThat("non-zero exit, log:\n" + Logs.tail(log), job.exitValue() != 0, equalTo(true));
      String summary = errorSummary(log);
      System.out.printf("OutputTopicDeniedIT: DirectRunner exited with %d, %d ms after the DENY;%n%s%n",
          job.exitValue(), toExit, summary);
      assertThat(summary, containsString("TopicAuthorizationException"));
      assertThat(summary, containsString(COUNTS));
    }
  }

  @Test
  void flinkJobRestartsFromItsCheckpointUntilAllowedAndWritesEveryPaneOnce() throws Exception {
    List<byte[]> values = GeneratedRides.realistic(34, BACKLOG);
    CountsOracle.Result expected = CountsOracle.jobDefaults().compute(values, 1);
    Path log = Files.createDirectories(logs).resolve("flink.log");
    Path checkpoints = tmp.resolve("flink-checkpoints");
    try (SecuredBroker secured = SecuredBroker.start(tmp);
        CountsView view = new CountsView(secured.broker.bootstrapServers(), COUNTS, Map.of());
        FirstCommitWindow firstCommit =
            new FirstCommitWindow(secured.broker.bootstrapServers(), List.of(COUNTS, "dlq", "latest"), checkpoints);
        PacedProducer producer =
            new PacedProducer(secured.broker.bootstrapServers(), "rides", values, 1, PACED_CHUNK, PACED_PAUSE_MILLIS)) {
      producer.start();
      List<String> args = new ArrayList<>(secured.jobArgs());
      args.addAll(List.of("--runner=FlinkRunner", "--stateBackendStoragePath=" + checkpoints.toUri()));
      Process job = LauncherProcess.start(LauncherProcess.command(List.of("-Xmx1g"), "run", args), log);
      try {
        // A job restored from before a sink's first commit cannot resume that sink (see FirstCommitWindow), so the
        // DENY comes once every sink committed and two more checkpoints completed.
        Await.until(
            "every sink's first commit and two checkpoints after it",
            Duration.ofMinutes(4),
            () -> {
              Logs.assertAlive(job, log);
              producer.checkHealthy();
              view.poll(Duration.ofMillis(200));
              firstCommit.poll(Duration.ofMillis(200));
              return firstCommit.allCommitted() && !firstCommit.open();
            },
            () -> firstCommit + "; log:\n" + Logs.tail(log));
        long panesAtDeny = view.panes();
        AclBinding denyWrite = secured.denyWriteOnCounts();
        long deniedNanos = System.nanoTime();
        Duration toError =
            Await.until(
                "the refused write in the job's log",
                Duration.ofMinutes(2),
                () -> {
                  Logs.assertAlive(job, log);
                  view.poll(Duration.ofMillis(300));
                  return Logs.contains(log, FLINK_REFUSED);
                },
                () -> "log:\n" + Logs.tail(log));
        long panesAtError = view.panes();
        keepDenied(view, job, log, deniedNanos);
        assertThat("no pane is committed to the topic while WRITE is denied", view.panes(), equalTo(panesAtError));
        long failedAttempts = Files.readAllLines(log).stream().filter(l -> l.contains(FLINK_REFUSED)).count();

        Duration toNextPane =
            allowAndAwaitNextPane(secured, denyWrite, view, job, log, panesAtError, Duration.ofMinutes(3));
        assertEndsOnOracle(view, job, log, expected);
        assertThat("no pane twice on read_committed", view.duplicatePanes(), equalTo(0L));
        assertThat("no pane after a final one", view.panesAfterFinal(), equalTo(0L));
        System.out.printf(
            "OutputTopicDeniedIT: FlinkRunner: %d panes before the DENY; first refused write in the log %d ms after"
                + " the DENY, %d failed attempts logged in %d s denied, next pane %d ms after the grant; %d panes,"
                + " %d duplicates, %d keys final = oracle%n",
            panesAtDeny, toError.toMillis(), failedAttempts, DENIED_FOR.toSeconds(), toNextPane.toMillis(),
            view.panes(), view.duplicatePanes(), view.finals().size());
      } finally {
        job.destroy();
        job.waitFor(60, TimeUnit.SECONDS);
        job.destroyForcibly();
      }
    }
  }

  /** Keeps WRITE denied until {@link #DENIED_FOR} after {@code deniedNanos}, checking that the job stays up. */
  private static void keepDenied(CountsView view, Process job, Path log, long deniedNanos) {
    Await.until(
        "the DENY to last " + DENIED_FOR,
        DENIED_FOR.plus(Duration.ofMinutes(1)),
        () -> {
          Logs.assertAlive(job, log);
          view.poll(Duration.ofMillis(300));
          return System.nanoTime() - deniedNanos > DENIED_FOR.toNanos();
        },
        () -> "");
  }

  /** Allows WRITE again and waits for a pane beyond the {@code panesBefore} seen; returns how long that took. */
  private static Duration allowAndAwaitNextPane(
      SecuredBroker secured,
      AclBinding deny,
      CountsView view,
      Process job,
      Path log,
      long panesBefore,
      Duration timeout) {
    secured.broker.deleteAcls(List.of(KafkaAcls.exactly(deny)));
    return Await.until(
        "the next pane after the grant",
        timeout,
        () -> {
          Logs.assertAlive(job, log);
          view.poll(Duration.ofMillis(300));
          return view.panes() > panesBefore;
        },
        () -> "log:\n" + Logs.tail(log));
  }

  /** Waits for every key's final pane; the final and the latest pane of every key must be the oracle's count. */
  private static void assertEndsOnOracle(CountsView view, Process job, Path log, CountsOracle.Result expected) {
    FinalPanes.awaitAll(view, job, log, expected.counts().size(), Duration.ofMinutes(5));
    assertThat(FinalPanes.resultLines(view.finals()), equalTo(expected.finalLines()));
    assertThat("a consumer keeping the latest pane per key ends on the final counts",
        FinalPanes.resultLines(view.latest()), equalTo(expected.finalLines()));
  }

  private static void awaitFirstPanes(CountsView view, Process job, Path log) {
    Await.until(
        "the job to write its first panes",
        Duration.ofMinutes(3),
        () -> {
          Logs.assertAlive(job, log);
          return view.poll(Duration.ofMillis(300)) >= 0 && view.panes() > 0;
        },
        () -> "no pane yet; log:\n" + Logs.tail(log));
  }

  /** Waits for the sink's ERROR line about the refused write while the job keeps running; returns the time. */
  private static Duration awaitStalled(CountsView view, Process job, Path log) {
    return Await.until(
        "the job to report the refused write",
        Duration.ofMinutes(2),
        () -> {
          Logs.assertAlive(job, log);
          view.poll(Duration.ofMillis(300));
          return Logs.contains(log, STALLED);
        },
        () -> "log:\n" + Logs.tail(log));
  }


  /** A broker enforcing ACLs, with the job's SCRAM login, its topics and its ACLs; closes the broker. */
  private static final class SecuredBroker implements AutoCloseable {
    final EmbeddedKafkaBroker broker;
    final Path properties;

    private SecuredBroker(EmbeddedKafkaBroker broker, Path properties) {
      this.broker = broker;
      this.properties = properties;
    }

    static SecuredBroker start(Path dir) throws IOException, InterruptedException {
      TestCertificates certificates = TestCertificates.create(dir);
      String password = TestCertificates.randomSecret("pw-");
      EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startWithSaslSslAndAcls(certificates.serverKeyStore());
      try {
        broker.addScramUser(USER, password);
        createTopics(broker);
        broker.createAcls(jobAcls());
        return new SecuredBroker(
            broker, certificates.clientProperties(dir.resolve("job.properties"), USER, password, true));
      } catch (RuntimeException | IOException e) {
        broker.close();
        throw e;
      }
    }

    /** Denies the job WRITE on the counts topic (a DENY wins over the ALLOW); returns the ACL to delete it again. */
    AclBinding denyWriteOnCounts() {
      AclBinding deny = KafkaAcls.of(USER).deny(ResourceType.TOPIC, COUNTS, AclOperation.WRITE);
      broker.createAcls(List.of(deny));
      return deny;
    }

    /** {@code ride-counts run} on the SparkRunner, 150 records per micro-batch, resuming from {@code checkpoints}. */
    List<String> sparkCommand(Path checkpoints) {
      List<String> args = new ArrayList<>(jobArgs());
      args.addAll(List.of("--runner=SparkRunner", "--maxOffsetsPerTrigger=150", "--checkpointDir=" + checkpoints));
      return LauncherProcess.command(List.of("-Xmx1g"), "run", args);
    }

    /** {@code ride-counts run} options of the job's login on the SASL_SSL listener, without the runner. */
    List<String> jobArgs() {
      return List.of(
          "--bootstrapServers=" + broker.saslSslBootstrapServers(),
          "--kafkaPropertiesFile=" + properties,
          "--inputTopic=rides",
          "--outputTopic=" + COUNTS,
          "--deadLetterTopic=dlq",
          "--latestCountsTopic=latest",
          "--consumerGroupId=" + GROUP,
          "--sinkGroupId=" + GROUP + "-sink",
          "--startingOffsets=EARLIEST",
          "--idlePartitionTimeoutSeconds=5");
    }

    @Override
    public void close() {
      broker.close();
    }
  }

  /**
   * What the job's login may do: everything it needs except what a test denies on top. The exactly-once sinks'
   * transactional ids are KafkaIO's {@code producer_<shard>_for_<sinkGroupId>-<sink>}; they commit their progress
   * as offsets of the consumer groups {@code <sinkGroupId>-<sink>} on the output topics, which takes READ on those.
   */
  private static List<AclBinding> jobAcls() {
    KafkaAcls job = KafkaAcls.of(USER);
    return List.of(
        job.allow(ResourceType.TOPIC, "rides", AclOperation.READ),
        job.allowPrefixed(ResourceType.GROUP, GROUP, AclOperation.READ),
        job.allow(ResourceType.TOPIC, COUNTS, AclOperation.WRITE),
        job.allow(ResourceType.TOPIC, COUNTS, AclOperation.READ),
        job.allow(ResourceType.TOPIC, "dlq", AclOperation.WRITE),
        job.allow(ResourceType.TOPIC, "dlq", AclOperation.READ),
        job.allow(ResourceType.TOPIC, "latest", AclOperation.WRITE),
        job.allow(ResourceType.TOPIC, "latest", AclOperation.READ),
        job.allowPrefixed(ResourceType.TRANSACTIONAL_ID, "producer_", AclOperation.WRITE));
  }

  private static void createTopics(EmbeddedKafkaBroker broker) {
    broker.createTopic("rides", 1);
    broker.createTopic(COUNTS, 1);
    broker.createTopic("dlq", 1);
    broker.createTopic("latest", 1, Map.of("cleanup.policy", "compact"));
  }

  /** The launcher's error summary (the last {@code ride-counts: <exception>} line and its {@code caused by:} lines). */
  private static String errorSummary(Path log) throws IOException {
    String output = Files.readString(log, StandardCharsets.UTF_8);
    return output.substring(Math.max(0, output.lastIndexOf("ride-counts: ")));
  }
}
