package com.ridecounts.pipeline.kafka;

import com.ridecounts.model.ParsedRecord;
import com.ridecounts.model.RideEventParser;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka value deserializer that validates each value against the ride-event schema. It never throws: a bad value
 * becomes an invalid {@link ParsedRecord} that the pipeline routes to the dead-letter topic, so a poison record can
 * neither crash nor stall the job.
 */
public final class RideEventDeserializer implements Deserializer<ParsedRecord> {
  @Override
  public ParsedRecord deserialize(String topic, byte[] data) {
    return RideEventParser.parse(data);
  }
}
