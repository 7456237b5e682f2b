package com.ridecounts.launcher;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Runs a real broker on loopback: one start-up (a few seconds) covers the whole lifecycle. */
class EmbeddedKafkaBrokerTest {
  private static final String TOPIC = "rides";
  private static final int PARTITIONS = 2;
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  @Test
  void readCommittedConsumerSeesCommittedTransactionsOnlyAndCloseCleansUp() throws Exception {
    Path logDir;
    InetSocketAddress brokerAddress;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
      logDir = broker.logDir();
      brokerAddress = address(broker.bootstrapServers());
      broker.createTopic(TOPIC, PARTITIONS);

      produceInTransaction(broker, List.of("committed-1", "committed-2", "committed-3"), true);
      produceInTransaction(broker, List.of("aborted-1", "aborted-2"), false);
      produceInTransaction(broker, List.of("committed-4"), true);

      assertThat(readCommitted(broker),
          containsInAnyOrder("committed-1", "committed-2", "committed-3", "committed-4"));
      assertTopicConfigApplied(broker);
    }

    assertThat(Files.exists(logDir), is(false));
    assertThrows(IOException.class, () -> {
      try (Socket socket = new Socket()) {
        socket.connect(brokerAddress, 1_000);
      }
    });
  }

  /** Sends {@code values} round-robin over the partitions in one transaction, then commits or aborts it. */
  private static void produceInTransaction(EmbeddedKafkaBroker broker, List<String> values, boolean commit) {
    Map<String, Object> config = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-kafka-broker-test",
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
      producer.initTransactions();
      producer.beginTransaction();
      for (int i = 0; i < values.size(); i++) {
        producer.send(new ProducerRecord<>(TOPIC, i % PARTITIONS, values.get(i), values.get(i)));
      }
      if (commit) {
        producer.commitTransaction();
      } else {
        producer.flush();
        producer.abortTransaction();
      }
    }
  }

  /** Reads every partition from the beginning up to its last stable offset, with {@code read_committed}. */
  private static List<String> readCommitted(EmbeddedKafkaBroker broker) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    List<TopicPartition> partitions = List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1));
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < endOffsets.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("Did not reach " + endOffsets + " within " + READ_TIMEOUT + "; read " + values);
        }
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          values.add(record.value());
        }
      }
    }
    return values;
  }

  private static void assertTopicConfigApplied(EmbeddedKafkaBroker broker) throws Exception {
    broker.createTopic("compacted", 1, Map.of("cleanup.policy", "compact"));
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "compacted");
      Config config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
      assertThat(config.get("cleanup.policy").value(), equalTo("compact"));
    }
  }

  private static InetSocketAddress address(String hostAndPort) {
    int colon = hostAndPort.lastIndexOf(':');
    return new InetSocketAddress(hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)));
  }
}
