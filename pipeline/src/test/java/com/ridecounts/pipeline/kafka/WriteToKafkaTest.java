package com.ridecounts.pipeline.kafka;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/**
 * The producer settings each sink gets: the exactly-once sink's short transactional retry backoff, the at-least-once
 * sink's short metadata wait, and overrides from the client settings.
 */
class WriteToKafkaTest {
  @Test
  void exactlyOnceSinkRetriesRefusedTransactionalRequestsSoon() {
    Map<String, Object> settings = WriteToKafka.producerSettings(Map.of(), SinkGuarantee.EXACTLY_ONCE);
    assertThat(settings.get(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), equalTo(WriteToKafka.EOS_RETRY_BACKOFF_MILLIS));
    assertThat(settings.get(ProducerConfig.ACKS_CONFIG), equalTo("all"));
  }

  @Test
  void aRetryBackoffFromTheClientSettingsWins() {
    Map<String, Object> settings =
        WriteToKafka.producerSettings(
            Map.of(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "250"), SinkGuarantee.EXACTLY_ONCE);
    assertThat(settings.get(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), equalTo("250"));
  }

  @Test
  void atLeastOnceSinkKeepsKafkasRetryBackoff() {
    Map<String, Object> settings = WriteToKafka.producerSettings(Map.of(), SinkGuarantee.AT_LEAST_ONCE);
    assertThat(settings, not(hasKey(ProducerConfig.RETRY_BACKOFF_MS_CONFIG)));
    assertThat(settings.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG), equalTo(true));
  }

  @Test
  void atLeastOnceSinkWaitsForMetadataBriefly() {
    Map<String, Object> settings = WriteToKafka.producerSettings(Map.of(), SinkGuarantee.AT_LEAST_ONCE);
    assertThat(settings.get(ProducerConfig.MAX_BLOCK_MS_CONFIG), equalTo(WriteToKafka.AT_LEAST_ONCE_MAX_BLOCK_MS));
    assertThat(
        WriteToKafka.producerSettings(Map.of(), SinkGuarantee.EXACTLY_ONCE),
        not(hasKey(ProducerConfig.MAX_BLOCK_MS_CONFIG)));
  }

  @Test
  void aMaxBlockFromTheClientSettingsWins() {
    Map<String, Object> settings =
        WriteToKafka.producerSettings(Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000"), SinkGuarantee.AT_LEAST_ONCE);
    assertThat(settings.get(ProducerConfig.MAX_BLOCK_MS_CONFIG), equalTo("60000"));
  }
}
