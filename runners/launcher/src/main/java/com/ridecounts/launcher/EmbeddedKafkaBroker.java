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
import java.util.Collection;
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
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.storage.Formatter;
import org.checkerframework.checker.nullness.qual.Nullable;
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
 * <p>{@link #startWithSaslSsl} adds a second client listener that only speaks SASL_SSL (TLS with the given key store,
 * SCRAM-SHA-512 logins created with {@link #addScramUser}), for tests of a locked-down cluster; the PLAINTEXT listener
 * stays for the test's own administration.
 *
 * <p>{@link #startWithSaslSslAndAcls} also turns on KRaft's {@code StandardAuthorizer}: a SASL_SSL login may then do
 * only what ACLs ({@link #createAcls}, {@link #deleteAcls}) allow it. Whoever connects through the PLAINTEXT listener
 * (the test's administration) and the controller listener (the node talking to itself) is {@code User:ANONYMOUS},
 * which is a super user and passes every check.
 *
 * <p>Always close the broker (in a {@code finally} or try-with-resources): its threads keep the JVM alive until then.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

  private static final String HOST = "127.0.0.1";
  private static final int NODE_ID = 1;
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final String SECURED_LISTENER = "SASL_SSL";
  private static final String SCRAM_MECHANISM = "SCRAM-SHA-512";
  /** The principal of the PLAINTEXT and controller listeners, the super user of a broker with ACLs. */
  private static final String PLAINTEXT_PRINCIPAL = "User:ANONYMOUS";
  /** Upper bound for start-up and for topic creation. */
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

  private final Path logDir;
  private final String bootstrapServers;
  private final @Nullable String saslSslBootstrapServers;
  private final KafkaConfig config;
  private KafkaRaftServer server;
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
    return start(overrides, null);
  }

  /**
   * Starts a broker with the default configuration plus a SASL_SSL client listener: TLS from {@code keyStore} (its
   * certificate must name 127.0.0.1) and SCRAM-SHA-512 authentication. Add logins with {@link #addScramUser}.
   *
   * @throws IllegalStateException if the broker is not ready within 60 s
   */
  public static EmbeddedKafkaBroker startWithSaslSsl(TlsKeyStore keyStore) {
    return start(new Properties(), keyStore);
  }

  /**
   * Starts a broker like {@link #startWithSaslSsl} that also enforces ACLs ({@code StandardAuthorizer}): a SASL_SSL
   * login is denied everything that no ACL allows ({@link #createAcls}). The PLAINTEXT listener stays a super user's.
   *
   * @throws IllegalStateException if the broker is not ready within 60 s
   */
  public static EmbeddedKafkaBroker startWithSaslSslAndAcls(TlsKeyStore keyStore) {
    Properties acls = new Properties();
    acls.setProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    // The node's own broker-to-controller and inter-broker requests use the PLAINTEXT listeners, as ANONYMOUS.
    acls.setProperty("super.users", PLAINTEXT_PRINCIPAL);
    acls.setProperty("allow.everyone.if.no.acl.found", "false");
    return start(acls, keyStore);
  }

  private static EmbeddedKafkaBroker start(Properties overrides, @Nullable TlsKeyStore keyStore) {
    long startNanos = System.nanoTime();
    EmbeddedKafkaBroker broker;
    try {
      broker = new EmbeddedKafkaBroker(overrides, keyStore);
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
  private EmbeddedKafkaBroker(Properties overrides, @Nullable TlsKeyStore keyStore) throws IOException {
    logDir = Files.createTempDirectory("embedded-kafka-");
    try {
      int brokerPort;
      int controllerPort;
      int securedPort;
      // The sockets are open at once so the ports differ. Kafka binds them again a moment later.
      InetAddress loopback = InetAddress.getByName(HOST);
      try (ServerSocket brokerSocket = new ServerSocket(0, 0, loopback);
          ServerSocket controllerSocket = new ServerSocket(0, 0, loopback);
          ServerSocket securedSocket = new ServerSocket(0, 0, loopback)) {
        brokerPort = brokerSocket.getLocalPort();
        controllerPort = controllerSocket.getLocalPort();
        securedPort = securedSocket.getLocalPort();
      }
      bootstrapServers = HOST + ":" + brokerPort;
      saslSslBootstrapServers = keyStore == null ? null : HOST + ":" + securedPort;
      Properties props = serverProperties(brokerPort, controllerPort, overrides);
      if (keyStore != null) {
        addSaslSslListener(props, securedPort, keyStore);
      }
      config = new KafkaConfig(props, false);
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

  /** A SASL_SSL listener: TLS with {@code keyStore}, SCRAM-SHA-512 logins checked against the cluster's metadata. */
  private static void addSaslSslListener(Properties props, int port, TlsKeyStore keyStore) {
    String listener = SECURED_LISTENER + "://" + HOST + ":" + port;
    props.setProperty("listeners", props.getProperty("listeners") + "," + listener);
    props.setProperty("advertised.listeners", props.getProperty("advertised.listeners") + "," + listener);
    props.setProperty(
        "listener.security.protocol.map",
        props.getProperty("listener.security.protocol.map") + "," + SECURED_LISTENER + ":SASL_SSL");
    String prefix = "listener.name." + SECURED_LISTENER.toLowerCase(java.util.Locale.ROOT) + ".";
    props.setProperty(prefix + "sasl.enabled.mechanisms", SCRAM_MECHANISM);
    props.setProperty(
        prefix + SCRAM_MECHANISM.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    props.setProperty(prefix + "ssl.keystore.type", "PKCS12");
    props.setProperty(prefix + "ssl.keystore.location", keyStore.path().toString());
    props.setProperty(prefix + "ssl.keystore.password", keyStore.password());
    props.setProperty(prefix + "ssl.key.password", keyStore.password());
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

  /**
   * The {@code bootstrap.servers} value of the SASL_SSL listener.
   *
   * @throws IllegalStateException if the broker was not started with {@link #startWithSaslSsl}
   */
  public String saslSslBootstrapServers() {
    if (saslSslBootstrapServers == null) {
      throw new IllegalStateException("this broker has no SASL_SSL listener: start it with startWithSaslSsl");
    }
    return saslSslBootstrapServers;
  }

  /** Creates or replaces a SCRAM-SHA-512 login for the SASL_SSL listener. */
  public void addScramUser(String user, String password) {
    try (Admin admin = admin()) {
      UserScramCredentialUpsertion login =
          new UserScramCredentialUpsertion(user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password);
      await(admin.alterUserScramCredentials(List.of(login)).all(), "create the SCRAM login " + user);
    }
  }

  /**
   * Creates ACLs (as the PLAINTEXT super user) and returns once the controller has stored them; the broker applies
   * them from the metadata log a moment later. Needs a broker from {@link #startWithSaslSslAndAcls}.
   */
  public void createAcls(Collection<AclBinding> acls) {
    try (Admin admin = admin()) {
      await(admin.createAcls(acls).all(), "create ACLs " + acls);
    }
  }

  /** Deletes the ACLs matching {@code filters} (as the PLAINTEXT super user); see {@link #createAcls}. */
  public void deleteAcls(Collection<AclBindingFilter> filters) {
    try (Admin admin = admin()) {
      await(admin.deleteAcls(filters).all(), "delete ACLs " + filters);
    }
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

  /**
   * Stops the broker, keeps it down for {@code downtime}, and starts it again on the same ports with the same data,
   * as a broker restart in a cluster would: clients see their connections drop and must reconnect. Returns once the
   * broker answers requests again.
   *
   * @throws IllegalStateException if the broker is not ready again within 60 s
   */
  public synchronized void restart(Duration downtime) {
    if (closed) {
      throw new IllegalStateException("the broker is closed");
    }
    server.shutdown();
    server.awaitShutdown();
    LOG.info("Embedded Kafka broker on {} stopped; starting again in {} ms", bootstrapServers, downtime.toMillis());
    sleep(downtime);
    server = new KafkaRaftServer(config, Time.SYSTEM);
    server.startup();
    awaitReady();
    LOG.info("Embedded Kafka broker on {} ready again", bootstrapServers);
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
