package com.ridecounts.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, single-node Kafka 3.9 broker running inside the current JVM, for the demo command and for integration tests.
 *
 * <p>The node runs in KRaft combined mode ({@code process.roles=broker,controller}): no ZooKeeper, no Docker, no
 * separate process. {@link #start()} picks two free ports on 127.0.0.1 (client and controller listeners, both bound to
 * loopback only), formats a fresh temporary log directory, starts the server and returns once the broker answers
 * requests. The configuration suits one broker: internal topics have replication factor 1 so transactions (Beam's
 * {@code withEOS}) and consumer-group offsets work, topics are never auto-created, and the log cleaner's buffer is
 * small to keep the heap modest. {@link #close()} stops the server and deletes the log directory.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
 *   kafka.createTopic("ride-events", 2);
 *   kafka.createTopic("ride-counts", 2, Map.of("cleanup.policy", "compact"));
 *   runPipeline(kafka.bootstrapServers());
 * }
 * }</pre>
 *
 * <p>Always close the broker (in a {@code finally} or try-with-resources): its threads keep the JVM alive until then.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

  private static final String HOST = "127.0.0.1";
  private static final int NODE_ID = 1;
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  /** Upper bound for start-up and for topic creation. */
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

  private final Path logDir;
  private final String bootstrapServers;
  private final KafkaRaftServer server;
  private boolean closed;

  /**
   * Starts a broker with the default single-node configuration.
   *
   * @throws IllegalStateException if the broker is not ready within 60 s
   */
  public static EmbeddedKafkaBroker start() {
    return start(new Properties());
  }

  /**
   * Starts a broker whose configuration is the default one with {@code overrides} applied on top (broker config
   * names, e.g. {@code log.retention.ms}). Overriding listeners, ports, {@code node.id} or {@code log.dirs} is not
   * supported.
   *
   * @throws IllegalStateException if the broker is not ready within 60 s
   */
  public static EmbeddedKafkaBroker start(Properties overrides) {
    long startNanos = System.nanoTime();
    EmbeddedKafkaBroker broker;
    try {
      broker = new EmbeddedKafkaBroker(overrides);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not prepare the embedded Kafka broker", e);
    }
    try {
      broker.server.startup();
      broker.awaitReady();
    } catch (Throwable t) {
      try {
        broker.close();
      } catch (RuntimeException closeFailure) {
        t.addSuppressed(closeFailure);
      }
      throw t;
    }
    LOG.info("Embedded Kafka broker on {} ready in {} ms (log dir {})", broker.bootstrapServers,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), broker.logDir);
    return broker;
  }

  /** Creates and formats the log directory and builds (but does not start) the server. */
  private EmbeddedKafkaBroker(Properties overrides) throws IOException {
    logDir = Files.createTempDirectory("embedded-kafka-");
    try {
      int brokerPort;
      int controllerPort;
      // Both sockets are open at once so the two ports differ. Kafka binds them again a moment later.
      InetAddress loopback = InetAddress.getByName(HOST);
      try (ServerSocket brokerSocket = new ServerSocket(0, 0, loopback);
          ServerSocket controllerSocket = new ServerSocket(0, 0, loopback)) {
        brokerPort = brokerSocket.getLocalPort();
        controllerPort = controllerSocket.getLocalPort();
      }
      bootstrapServers = HOST + ":" + brokerPort;
      KafkaConfig config = new KafkaConfig(serverProperties(brokerPort, controllerPort, overrides), false);
      format();
      server = new KafkaRaftServer(config, Time.SYSTEM);
    } catch (Throwable t) {
      Utils.delete(logDir.toFile());
      throw t;
    }
  }

  private Properties serverProperties(int brokerPort, int controllerPort, Properties overrides) {
    Properties props = new Properties();
    props.setProperty("process.roles", "broker,controller");
    props.setProperty("node.id", String.valueOf(NODE_ID));
    props.setProperty("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    props.setProperty("listeners",
        "PLAINTEXT://" + HOST + ":" + brokerPort + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
    props.setProperty("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
    props.setProperty("controller.listener.names", CONTROLLER_LISTENER);
    props.setProperty("inter.broker.listener.name", "PLAINTEXT");
    props.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    props.setProperty("log.dirs", logDir.toString());

    // One broker: every internal topic must make do with one replica, and needs no more than one partition.
    props.setProperty("offsets.topic.replication.factor", "1");
    props.setProperty("offsets.topic.num.partitions", "1");
    props.setProperty("transaction.state.log.replication.factor", "1");
    props.setProperty("transaction.state.log.min.isr", "1");
    props.setProperty("transaction.state.log.num.partitions", "1");
    props.setProperty("group.initial.rebalance.delay.ms", "0");
    props.setProperty("auto.create.topics.enable", "false");
    props.setProperty("num.partitions", "1");

    // Modest footprint: the cleaner's dedupe buffer is 128 MB of heap by default; segments of 16 MB also let a demo
    // see compaction, which never touches the active segment.
    props.setProperty("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024));
    props.setProperty("log.segment.bytes", String.valueOf(16 * 1024 * 1024));

    props.putAll(overrides);
    return props;
  }

  /** Writes meta.properties and the bootstrap metadata, as {@code kafka-storage.sh format} would. */
  private void format() {
    try {
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setNodeId(NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .addDirectory(logDir.toString())
          .setMetadataLogDirectory(logDir.toString())
          .setControllerListenerName(CONTROLLER_LISTENER)
          .run();
    } catch (Exception e) {
      throw new IllegalStateException("Could not format the Kafka log directory " + logDir, e);
    }
  }

  private void awaitReady() {
    try (Admin admin = admin()) {
      DescribeClusterOptions options = new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis());
      await(admin.describeCluster(options).nodes(), "reach the embedded Kafka broker on " + bootstrapServers);
    }
  }

  /** The {@code bootstrap.servers} value for clients of this broker, e.g. {@code 127.0.0.1:40123}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The temporary directory holding the broker's data; {@link #close()} deletes it. */
  public Path logDir() {
    return logDir;
  }

  /** Creates a topic with default configuration; see {@link #createTopic(String, int, Map)}. */
  public void createTopic(String name, int partitions) {
    createTopic(name, partitions, Map.of());
  }

  /**
   * Creates a topic with replication factor 1 and the given topic configuration (e.g. {@code cleanup.policy=compact})
   * and waits until every partition has a leader, so clients can use it right away.
   *
   * @throws IllegalStateException if the topic cannot be created (for example because it exists) or does not become
   *     ready within 60 s
   */
  public void createTopic(String name, int partitions, Map<String, String> configs) {
    try (Admin admin = admin()) {
      NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(configs);
      await(admin.createTopics(List.of(topic)).all(), "create topic " + name);
      // The controller has created the topic; the broker learns about it from the metadata log a moment later.
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!hasLeaders(admin, name, partitions)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Topic " + name + " has no leader for every partition after " + TIMEOUT);
        }
        sleep(POLL_INTERVAL);
      }
    }
  }

  private static boolean hasLeaders(Admin admin, String topic, int partitions) {
    try {
      TopicDescription description =
          admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
      return description.partitions().size() == partitions
          && description.partitions().stream().map(TopicPartitionInfo::leader).allMatch(Objects::nonNull);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return false;
      }
      throw new IllegalStateException("Could not describe topic " + topic, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for topic " + topic, e);
    }
  }

  /** Stops the server, waits for its threads to end and deletes the log directory. Calling it again does nothing. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      server.shutdown();
      server.awaitShutdown();
    } finally {
      try {
        Utils.delete(logDir.toFile());
      } catch (IOException e) {
        throw new UncheckedIOException("Could not delete the Kafka log directory " + logDir, e);
      }
    }
  }

  private Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  private static <T> T await(KafkaFuture<T> future, String action) {
    try {
      return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not " + action, e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Could not " + action + " within " + TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while trying to " + action, e);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
  }
}
