package com.ridecounts.launcher;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** Creates the topics a demo or replay run uses, on the embedded broker or on the user's cluster. */
final class TopicAdmin {
  private TopicAdmin() {}

  /** Creates each topic with {@code partitions} partitions and replication factor 1 (test and demo topics). */
  static void create(String bootstrapServers, Map<String, Object> clientSettings, int partitions, String... topics)
      throws InterruptedException {
    Properties props = new Properties();
    props.putAll(clientSettings);
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(props)) {
      List<NewTopic> newTopics =
          java.util.Arrays.stream(topics).map(t -> new NewTopic(t, partitions, (short) 1)).toList();
      admin.createTopics(newTopics).all().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create topics " + String.join(", ", topics), e.getCause());
    }
  }
}
