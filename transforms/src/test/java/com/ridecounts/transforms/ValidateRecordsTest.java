package com.ridecounts.transforms;

import static com.ridecounts.transforms.MetricsSupport.rideCounter;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.ridecounts.model.DeadLetter;
import com.ridecounts.model.IngestedRecord;
import com.ridecounts.model.IngestedRecordCoder;
import com.ridecounts.model.ParsedRecord;
import com.ridecounts.model.RejectReason;
import com.ridecounts.model.RideEvent;
import com.ridecounts.model.RideEventParser;
import com.ridecounts.model.SourcePosition;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class ValidateRecordsTest {
  private static final String TOPIC = "ride_events";
  private static final long KAFKA_TS = 1_710_057_700_000L;
  private static final org.joda.time.Duration MAX_AHEAD = org.joda.time.Duration.standardMinutes(5);

  private static SourcePosition at(int partition, long offset) {
    return new SourcePosition(TOPIC, partition, offset, KAFKA_TS + offset);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void routesValidEventsAndDeadLettersAndCountsThem(TestPipeline pipeline) {
    RideEvent started = new RideEvent("e-1", "u-1", "ride_started", 12.5, 1_710_057_610_000L);
    RideEvent untyped = new RideEvent("e-2", "u-2", null, null, 1_710_057_620_000L);
    byte[] parsedJson = utf8("{\"event_id\":\"e-3\",\"user_id\":\"u-3\",\"event_type\":\"ride_ended\",\"ts\":5}");
    byte[] missingTs = utf8("{\"event_id\":\"e-4\",\"user_id\":\"u-4\"}");
    byte[] missingUser = utf8("{\"event_id\":\"e-5\",\"ts\":1}");
    byte[] notJson = utf8("not json");
    byte[] binary = {(byte) 0xFF, 0, (byte) 0x80};

    List<IngestedRecord> input =
        List.of(
            new IngestedRecord(ParsedRecord.valid(started), at(0, 10)),
            new IngestedRecord(ParsedRecord.valid(untyped), at(1, 11)),
            new IngestedRecord(RideEventParser.parse(parsedJson), at(0, 12)),
            new IngestedRecord(ParsedRecord.invalid(null, RejectReason.NULL_VALUE, "tombstone"), at(0, 13)),
            new IngestedRecord(
                ParsedRecord.invalid(missingTs, RejectReason.MISSING_FIELD, "no ts"), at(1, 14)),
            new IngestedRecord(
                ParsedRecord.invalid(missingUser, RejectReason.MISSING_FIELD, "no user_id"), at(2, 15)),
            new IngestedRecord(
                ParsedRecord.invalid(notJson, RejectReason.MALFORMED_JSON, "unrecognized token"), at(2, 16)),
            new IngestedRecord(
                ParsedRecord.invalid(binary, RejectReason.MALFORMED_JSON, "invalid UTF-8"), at(0, 17)),
            new IngestedRecord(
                ParsedRecord.invalid(new byte[0], RejectReason.EMPTY_VALUE, "empty"), at(1, 18)));

    PCollectionTuple split =
        pipeline.apply(Create.of(input).withCoder(IngestedRecordCoder.of())).apply(new ValidateRecords(MAX_AHEAD));

    PAssert.that(split.get(ValidateRecords.VALID))
        .containsInAnyOrder(started, untyped, new RideEvent("e-3", "u-3", "ride_ended", null, 5L));
    PAssert.that(split.get(ValidateRecords.DEAD_LETTERS))
        .containsInAnyOrder(
            new DeadLetter(at(0, 13), RejectReason.NULL_VALUE, "tombstone", null),
            new DeadLetter(at(1, 14), RejectReason.MISSING_FIELD, "no ts", missingTs),
            new DeadLetter(at(2, 15), RejectReason.MISSING_FIELD, "no user_id", missingUser),
            new DeadLetter(at(2, 16), RejectReason.MALFORMED_JSON, "unrecognized token", notJson),
            new DeadLetter(at(0, 17), RejectReason.MALFORMED_JSON, "invalid UTF-8", binary),
            new DeadLetter(at(1, 18), RejectReason.EMPTY_VALUE, "empty", new byte[0]));

    PipelineResult result = pipeline.run();
    result.waitUntilFinish();

    assertEquals(9, rideCounter(result, RideCountsMetrics.RECORDS_READ));
    assertEquals(3, rideCounter(result, RideCountsMetrics.EVENTS_VALID));
    assertEquals(6, rideCounter(result, RideCountsMetrics.DEAD_LETTERED));
    assertEquals(1, rideCounter(result, RideCountsMetrics.DEAD_LETTERED_PREFIX + "NULL_VALUE"));
    assertEquals(2, rideCounter(result, RideCountsMetrics.DEAD_LETTERED_PREFIX + "MISSING_FIELD"));
    assertEquals(2, rideCounter(result, RideCountsMetrics.DEAD_LETTERED_PREFIX + "MALFORMED_JSON"));
    assertEquals(1, rideCounter(result, RideCountsMetrics.DEAD_LETTERED_PREFIX + "EMPTY_VALUE"));
    long perReasonTotal = 0;
    for (RejectReason reason : RejectReason.values()) {
      perReasonTotal += rideCounter(result, RideCountsMetrics.DEAD_LETTERED_PREFIX + reason.name());
    }
    assertEquals(6, perReasonTotal, "the per-reason counters add up to dead_lettered");
    assertEquals(0, rideCounter(result, RideCountsMetrics.DEAD_LETTERED_PREFIX + "TRAILING_DATA"));
  }

  @Test
  void everyRejectReasonHasItsOwnCounter(TestPipeline pipeline) {
    RejectReason[] reasons = RejectReason.values();
    List<IngestedRecord> input = new java.util.ArrayList<>();
    List<DeadLetter> expected = new java.util.ArrayList<>();
    long offset = 0;
    for (int i = 0; i < reasons.length; i++) {
      // reason number i appears i + 1 times, so a counter wired to the wrong reason shows up
      for (int n = 0; n <= i; n++) {
        byte[] payload = reasons[i] == RejectReason.NULL_VALUE ? null : utf8("payload " + offset);
        SourcePosition source = at(i % 3, offset++);
        input.add(new IngestedRecord(ParsedRecord.invalid(payload, reasons[i], "d" + i), source));
        expected.add(new DeadLetter(source, reasons[i], "d" + i, payload));
      }
    }
    PCollectionTuple split =
        pipeline.apply(Create.of(input).withCoder(IngestedRecordCoder.of())).apply(new ValidateRecords(MAX_AHEAD));
    PAssert.that(split.get(ValidateRecords.VALID)).empty();
    PAssert.that(split.get(ValidateRecords.DEAD_LETTERS)).containsInAnyOrder(expected);

    PipelineResult result = pipeline.run();
    result.waitUntilFinish();

    for (int i = 0; i < reasons.length; i++) {
      assertEquals(
          i + 1,
          rideCounter(result, RideCountsMetrics.DEAD_LETTERED_PREFIX + reasons[i].name()),
          reasons[i].name());
    }
    assertEquals(input.size(), rideCounter(result, RideCountsMetrics.RECORDS_READ));
    assertEquals(input.size(), rideCounter(result, RideCountsMetrics.DEAD_LETTERED));
    assertEquals(0, rideCounter(result, RideCountsMetrics.EVENTS_VALID));
  }

  @Test
  void allValidInputLeavesTheDeadLetterOutputEmpty(TestPipeline pipeline) {
    RideEvent a = new RideEvent("a", "u", "ride_started", 1.0, 1L);
    RideEvent b = new RideEvent("b", "u", "ride_started", 1.0, 2L);
    PCollectionTuple split =
        pipeline
            .apply(
                Create.of(
                        new IngestedRecord(ParsedRecord.valid(a), at(0, 0)),
                        new IngestedRecord(ParsedRecord.valid(b), at(0, 1)),
                        // the same event twice (a redelivery) is passed on twice: validation does not deduplicate
                        new IngestedRecord(ParsedRecord.valid(a), at(0, 2)))
                    .withCoder(IngestedRecordCoder.of()))
            .apply(new ValidateRecords(MAX_AHEAD));
    PAssert.that(split.get(ValidateRecords.VALID)).containsInAnyOrder(a, b, a);
    PAssert.that(split.get(ValidateRecords.DEAD_LETTERS)).empty();

    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    assertEquals(3, rideCounter(result, RideCountsMetrics.RECORDS_READ));
    assertEquals(3, rideCounter(result, RideCountsMetrics.EVENTS_VALID));
    assertEquals(0, rideCounter(result, RideCountsMetrics.DEAD_LETTERED));
  }

  @Test
  void anEventTooFarAheadOfItsKafkaTimestampIsDeadLetteredWithTheParsedFields(TestPipeline pipeline) {
    SourcePosition source = at(0, 0); // Kafka timestamp KAFKA_TS
    long limit = KAFKA_TS + MAX_AHEAD.getMillis();
    RideEvent atTheLimit = new RideEvent("a", "u", "ride_started", 1.5, limit);
    RideEvent past = new RideEvent("p", "u", "ride_started", null, limit + 2); // 1 ms past its record's limit
    RideEvent year2100 = new RideEvent("f", "u", null, null, 4_102_444_800_000L);
    SourcePosition noKafkaTimestamp = new SourcePosition(TOPIC, 0, 3, -1L);
    PCollectionTuple split =
        pipeline
            .apply(
                Create.of(
                        new IngestedRecord(ParsedRecord.valid(atTheLimit), source),
                        new IngestedRecord(ParsedRecord.valid(past), at(0, 1)),
                        new IngestedRecord(ParsedRecord.valid(year2100), at(0, 2)),
                        new IngestedRecord(ParsedRecord.valid(year2100), noKafkaTimestamp))
                    .withCoder(IngestedRecordCoder.of()))
            .apply(new ValidateRecords(MAX_AHEAD));
    PAssert.that(split.get(ValidateRecords.VALID)).containsInAnyOrder(atTheLimit, year2100);
    PAssert.that(split.get(ValidateRecords.DEAD_LETTERS))
        .containsInAnyOrder(
            new DeadLetter(
                at(0, 1),
                RejectReason.FUTURE_TIMESTAMP,
                "ts " + (limit + 2) + " is more than 300000 ms after the Kafka record's timestamp " + (KAFKA_TS + 1)
                    + "; payload re-encoded from the parsed event",
                utf8("{\"event_id\":\"p\",\"user_id\":\"u\",\"event_type\":\"ride_started\",\"amount\":null,\"ts\":"
                    + (limit + 2) + "}")),
            new DeadLetter(
                at(0, 2),
                RejectReason.FUTURE_TIMESTAMP,
                "ts 4102444800000 is more than 300000 ms after the Kafka record's timestamp " + (KAFKA_TS + 2)
                    + "; payload re-encoded from the parsed event",
                utf8("{\"event_id\":\"f\",\"user_id\":\"u\",\"event_type\":null,\"amount\":null,\"ts\":4102444800000}")));

    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    assertEquals(2, rideCounter(result, RideCountsMetrics.DEAD_LETTERED_PREFIX + "FUTURE_TIMESTAMP"));
    assertEquals(2, rideCounter(result, RideCountsMetrics.EVENTS_VALID));
  }
}
