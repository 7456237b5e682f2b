package com.ridecounts.launcher;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/** Creates the topics a demo or replay run uses, on the embedded broker or on the user's cluster. */
final class TopicAdmin {
  private static final String COMPACTED_KEY = TopicConfig.CLEANUP_POLICY_CONFIG;
  private static final String COMPACTED_VALUE = TopicConfig.CLEANUP_POLICY_COMPACT;

  private TopicAdmin() {}

  /** Creates each topic with {@code partitions} partitions and replication factor 1 (test and demo topics). */
  static void create(String bootstrapServers, Map<String, Object> clientSettings, int partitions, String... topics)
      throws InterruptedException {
    create(bootstrapServers, clientSettings, partitions, Map.of(), topics);
  }

  /**
   * Creates each topic like {@link #create(String, Map, int, String...)}, with {@code cleanup.policy=compact}: for the
   * job's {@code --latestCountsTopic}, whose last record per key is the latest count of a (window, event type).
   */
  static void createCompacted(
      String bootstrapServers, Map<String, Object> clientSettings, int partitions, String... topics)
      throws InterruptedException {
    create(bootstrapServers, clientSettings, partitions, Map.of(COMPACTED_KEY, COMPACTED_VALUE), topics);
  }

  private static void create(
      String bootstrapServers,
      Map<String, Object> clientSettings,
      int partitions,
      Map<String, String> topicConfig,
      String... topics)
      throws InterruptedException {
    Properties props = new Properties();
    props.putAll(clientSettings);
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(props)) {
      List<NewTopic> newTopics =
          java.util.Arrays.stream(topics).map(t -> new NewTopic(t, partitions, (short) 1).configs(topicConfig)).toList();
      admin.createTopics(newTopics).all().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create topics " + String.join(", ", topics), e.getCause());
    }
  }
}
