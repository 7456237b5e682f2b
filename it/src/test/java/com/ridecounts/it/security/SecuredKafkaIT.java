package com.ridecounts.it.security;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import com.ridecounts.it.harness.Await;
import com.ridecounts.it.harness.FinalPanes;
import com.ridecounts.it.harness.GeneratedRides;
import com.ridecounts.it.harness.CountsOracle;
import com.ridecounts.it.harness.KafkaTestClients;
import com.ridecounts.it.harness.LauncherProcess;
import com.ridecounts.it.harness.Logs;
import com.ridecounts.it.harness.TestCertificates;
import com.ridecounts.launcher.CountsView;
import com.ridecounts.launcher.EmbeddedKafkaBroker;
import com.ridecounts.pipeline.kafka.KafkaClientConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job against a locked-down Kafka: the embedded broker with a SASL_SSL listener (TLS with a certificate made for
 * this run, SCRAM-SHA-512 logins), the job configured only through {@code --kafkaPropertiesFile}. It must count
 * correctly through TLS and SASL, fail fast with a clear error and a non-zero exit on wrong credentials or an
 * untrusted certificate, and never write a password to its output, even with every library logging at INFO (Kafka's
 * clients print their whole configuration there).
 *
 * <p>The job runs as {@code ride-counts run} on the DirectRunner in a child JVM with this JVM's classpath.
 */
class SecuredKafkaIT {
  private static final String USER = "ride-counts";

  @TempDir static Path tmp;
  private static TestCertificates certificates;
  private static EmbeddedKafkaBroker broker;
  private static String password;

  @BeforeAll
  static void startSecuredBroker() throws Exception {
    certificates = TestCertificates.create(tmp);
    broker = EmbeddedKafkaBroker.startWithSaslSsl(certificates.serverKeyStore());
    password = TestCertificates.randomSecret("pw-");
    broker.addScramUser(USER, password);
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void countsThroughSaslSslAndNeverLogsASecret() throws Exception {
    List<byte[]> values = GeneratedRides.realistic(7, 1_200);
    CountsOracle.Result expected = CountsOracle.jobDefaults().compute(values, 1);
    createTopics("ok");
    KafkaTestClients.produce(broker.bootstrapServers(), "rides-ok", values, i -> 0);
    Path properties = clientProperties("ok.properties", password, true);
    Path log = tmp.resolve("ok.log");

    Process job = LauncherProcess.start(jobCommand("ok", properties), log);
    try (CountsView view =
        new CountsView(broker.saslSslBootstrapServers(), "counts-ok", KafkaClientConfig.load(properties.toString()))) {
      FinalPanes.awaitAll(view, job, log, expected.counts().size(), Duration.ofMinutes(4)); // read through SASL_SSL
      assertThat(FinalPanes.resultLines(view.finals()), equalTo(expected.finalLines()));
      Await.until(
          "every dead letter on its topic",
          Duration.ofMinutes(1),
          () -> KafkaTestClients.readAll(broker.bootstrapServers(), "dlq-ok", KafkaTestClients.Isolation.READ_COMMITTED)
                  .records().size() == expected.invalid(),
          () -> "dead letters missing; log:\n" + Logs.tail(log));
    } finally {
      job.destroy(); // SIGTERM
      job.waitFor(60, TimeUnit.SECONDS);
      job.destroyForcibly();
    }

    String output = Files.readString(log, StandardCharsets.UTF_8);
    // The clients did print their configuration, so a leak would have shown here.
    assertThat(output, containsString("security.protocol = SASL_SSL"));
    assertThat(output, containsString("sasl.jaas.config = [hidden]"));
    assertNoSecret(output);
  }

  @Test
  void wrongPasswordFailsFastWithAClearError() throws Exception {
    String wrong = TestCertificates.randomSecret("wrong-");
    String output = runExpectingFailure("badpw", clientProperties("badpw.properties", wrong, true));
    assertThat("the launcher's error summary names the cause", errorSummary(output), containsString("Authentication failed"));
    assertThat("the wrong password is not printed either", output, not(containsString(wrong)));
    assertNoSecret(output);
  }

  @Test
  void untrustedBrokerCertificateFailsFastWithAClearError() throws Exception {
    String output = runExpectingFailure("notrust", clientProperties("notrust.properties", password, false));
    assertThat("the launcher's error summary names the cause", errorSummary(output), containsString("SSL handshake failed"));
    assertNoSecret(output);
  }

  /** Runs the job with {@code properties} and expects it to exit non-zero within 2 minutes; returns its output. */
  private static String runExpectingFailure(String name, Path properties) throws Exception {
    createTopics(name);
    KafkaTestClients.produce(broker.bootstrapServers(), "rides-" + name, GeneratedRides.realistic(7, 10), i -> 0);
    Path log = tmp.resolve(name + ".log");
    Process job = LauncherProcess.start(jobCommand(name, properties), log);
    try {
      assertThat("the job gives up within 2 minutes, log:\n" + Logs.tail(log),
          job.waitFor(2, TimeUnit.MINUTES), equalTo(true));
      assertThat("non-zero exit, log:\n" + Logs.tail(log), job.exitValue() != 0, equalTo(true));
    } finally {
      job.destroyForcibly();
    }
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  /** The launcher's error summary (the last {@code ride-counts: <exception>} line and its {@code caused by:} lines). */
  private static String errorSummary(String output) {
    return output.substring(Math.max(0, output.lastIndexOf("ride-counts: ")));
  }

  private static void assertNoSecret(String output) {
    assertThat("SCRAM password in the output", output, not(containsString(password)));
    assertThat("trust store password in the output", output, not(containsString(certificates.trustStorePassword())));
    assertThat("key store password in the output", output,
        not(containsString(certificates.serverKeyStore().password())));
  }

  private static void createTopics(String name) {
    broker.createTopic("rides-" + name, 1);
    broker.createTopic("counts-" + name, 1);
    broker.createTopic("dlq-" + name, 1);
  }

  /** A client properties file as a user would write it; {@code trusted} = with the trust store of the broker's CA. */
  private static Path clientProperties(String file, String scramPassword, boolean trusted) throws IOException {
    return certificates.clientProperties(tmp.resolve(file), USER, scramPassword, trusted);
  }

  /** {@code ride-counts run} on the DirectRunner against the SASL_SSL listener, every logger at INFO or finer. */
  private static List<String> jobCommand(String name, Path properties) throws IOException {
    Path log4j = tmp.resolve("log4j2-verbose.xml");
    Files.writeString(log4j, String.join("\n",
        "<Configuration status=\"WARN\">",
        "  <Appenders><Console name=\"out\" target=\"SYSTEM_OUT\"><PatternLayout pattern=\"%d %-5level %c - %msg%n\"/>"
            + "</Console></Appenders>",
        "  <Loggers>",
        "    <Logger name=\"org.apache.kafka.common.security\" level=\"DEBUG\"/>",
        "    <Logger name=\"com.ridecounts\" level=\"DEBUG\"/>",
        "    <Root level=\"INFO\"><AppenderRef ref=\"out\"/></Root>",
        "  </Loggers>",
        "</Configuration>"));
    return LauncherProcess.command(
        List.of("-Xmx1g", "-Dlog4j2.configurationFile=" + log4j),
        "run",
        List.of(
        "--runner=DirectRunner",
        "--bootstrapServers=" + broker.saslSslBootstrapServers(),
        "--kafkaPropertiesFile=" + properties,
        "--inputTopic=rides-" + name,
        "--outputTopic=counts-" + name,
        "--deadLetterTopic=dlq-" + name,
        "--consumerGroupId=" + name,
        "--sinkGroupId=" + name + "-sink",
        "--startingOffsets=EARLIEST",
        "--idlePartitionTimeoutSeconds=5"));
  }
}
