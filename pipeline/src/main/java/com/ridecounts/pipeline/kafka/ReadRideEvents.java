package com.ridecounts.pipeline.kafka;

import com.ridecounts.model.IngestedRecord;
import com.ridecounts.model.IngestedRecordCoder;
import com.ridecounts.model.ParsedRecord;
import com.ridecounts.model.ParsedRecordCoder;
import com.ridecounts.model.SourcePosition;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.joda.time.Duration;

/**
 * Reads the ride-event topic with KafkaIO: values validated at deserialization ({@link RideEventDeserializer}), event
 * time from {@code ts} ({@link EventTimePolicy}), committed input only (read_committed), offsets committed to the
 * consumer group when the runner finalizes a checkpoint. Emits every record, valid or not, with its source position.
 * Secret client settings reach the consumers through a factory, out of KafkaIO's displayed configuration.
 */
public final class ReadRideEvents extends PTransform<PBegin, PCollection<IngestedRecord>> {
  private final String bootstrapServers;
  private final String topic;
  private final Map<String, Object> consumerSettings;
  private final Duration watermarkDelay;
  private final Duration idleTimeout;
  private final Duration maxAhead;
  private final boolean startFromCommittedOffsets;

  /**
   * @param consumerSettings consumer configuration: group id, offset reset and the user's client settings
   * @param maxAhead events further than this ahead of their Kafka record's timestamp never move the watermark
   * @param startFromCommittedOffsets whether a partition without a checkpointed offset starts at the group's committed
   *     offset (else at the consumer settings' {@code auto.offset.reset} position)
   */
  public ReadRideEvents(
      String bootstrapServers,
      String topic,
      Map<String, Object> consumerSettings,
      Duration watermarkDelay,
      Duration idleTimeout,
      Duration maxAhead,
      boolean startFromCommittedOffsets) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.consumerSettings = new HashMap<>(consumerSettings);
    this.watermarkDelay = watermarkDelay;
    this.idleTimeout = idleTimeout;
    this.maxAhead = maxAhead;
    this.startFromCommittedOffsets = startFromCommittedOffsets;
  }

  /** Consumer settings for the input: the user's client settings, then group id and where a new group starts. */
  public static Map<String, Object> consumerSettings(
      Map<String, Object> clientSettings, String groupId, String autoOffsetReset) {
    Map<String, Object> settings = new HashMap<>(clientSettings);
    settings.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, autoOffsetReset);
    settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return settings;
  }

  @Override
  public PCollection<IngestedRecord> expand(PBegin input) {
    return input
        .apply(
            "Read from Kafka",
            KafkaIO.<byte[], ParsedRecord>read()
                .withBootstrapServers(bootstrapServers)
                .withTopic(topic)
                .withKeyDeserializer(ByteArrayDeserializer.class)
                .withValueDeserializerAndCoder(RideEventDeserializer.class, ParsedRecordCoder.of())
                .withConsumerConfigUpdates(KafkaClientConfig.visible(consumerSettings))
                .withConsumerFactoryFn(new ConfiguredConsumerFactory(
                        KafkaClientConfig.secrets(consumerSettings), !startFromCommittedOffsets))
                .withReadCommitted()
                .commitOffsetsInFinalize()
                .withTimestampPolicyFactory(EventTimePolicy.factory(watermarkDelay, idleTimeout, maxAhead)))
        .apply("Attach source position", ParDo.of(new AttachSourceFn()))
        .setCoder(IngestedRecordCoder.of());
  }

  /** Keeps the parsed value and where it came from; the Kafka record timestamp stays processing time. */
  static final class AttachSourceFn extends DoFn<KafkaRecord<byte[], ParsedRecord>, IngestedRecord> {
    @ProcessElement
    public void process(@Element KafkaRecord<byte[], ParsedRecord> record, OutputReceiver<IngestedRecord> out) {
      out.output(
          new IngestedRecord(
              record.getKV().getValue(),
              new SourcePosition(record.getTopic(), record.getPartition(), record.getOffset(), record.getTimestamp())));
    }
  }
}
