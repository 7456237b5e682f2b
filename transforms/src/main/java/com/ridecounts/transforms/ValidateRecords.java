package com.ridecounts.transforms;

import com.ridecounts.model.DeadLetter;
import com.ridecounts.model.DeadLetterCoder;
import com.ridecounts.model.FutureTimestamps;
import com.ridecounts.model.IngestedRecord;
import com.ridecounts.model.ParsedRecord;
import com.ridecounts.model.RejectReason;
import com.ridecounts.model.RideEvent;
import com.ridecounts.model.RideEventCoder;
import com.ridecounts.model.RideEventJson;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Duration;

/**
 * Splits deserialized input records into valid {@link RideEvent}s ({@link #VALID}) and {@link DeadLetter}s ({@link
 * #DEAD_LETTERS}) that keep the original bytes, the reason and the source position. Nothing is dropped: every input
 * record leaves on exactly one of the two outputs, and each is counted in {@link RideCountsMetrics}. A schema-valid
 * event timestamped too far ahead of its Kafka record ({@link FutureTimestamps}) is a dead letter too.
 */
public final class ValidateRecords extends PTransform<PCollection<IngestedRecord>, PCollectionTuple> {
  public static final TupleTag<RideEvent> VALID = new TupleTag<RideEvent>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<DeadLetter>() {};

  private final Duration maxAheadOfKafkaTime;

  /**
   * @param maxAheadOfKafkaTime how far an event's {@code ts} may be ahead of its Kafka record's timestamp
   */
  public ValidateRecords(Duration maxAheadOfKafkaTime) {
    this.maxAheadOfKafkaTime = maxAheadOfKafkaTime;
  }

  @Override
  public PCollectionTuple expand(PCollection<IngestedRecord> input) {
    PCollectionTuple split =
        input.apply(
            "Route valid and invalid records",
            ParDo.of(new RouteFn(maxAheadOfKafkaTime.getMillis())).withOutputTags(VALID, TupleTagList.of(DEAD_LETTERS)));
    split.get(VALID).setCoder(RideEventCoder.of());
    split.get(DEAD_LETTERS).setCoder(DeadLetterCoder.of());
    return split;
  }

  /** Sends each record to the valid or the dead-letter output and counts it. */
  static final class RouteFn extends DoFn<IngestedRecord, RideEvent> {
    private final Counter read = RideCountsMetrics.counter(RideCountsMetrics.RECORDS_READ);
    private final Counter valid = RideCountsMetrics.counter(RideCountsMetrics.EVENTS_VALID);
    private final Counter deadLettered = RideCountsMetrics.counter(RideCountsMetrics.DEAD_LETTERED);
    private final Map<RejectReason, Counter> byReason = new EnumMap<>(RejectReason.class);
    private final long maxAheadMillis;

    RouteFn(long maxAheadMillis) {
      this.maxAheadMillis = maxAheadMillis;
      for (RejectReason reason : RejectReason.values()) {
        byReason.put(reason, RideCountsMetrics.counter(RideCountsMetrics.DEAD_LETTERED_PREFIX + reason.name()));
      }
    }

    @ProcessElement
    public void process(@Element IngestedRecord ingested, MultiOutputReceiver out) {
      read.inc();
      ParsedRecord record = ingested.record();
      if (!record.isValid()) {
        deadLetter(new DeadLetter(ingested.source(), record.reason(), record.detail(), record.payload()), out);
      } else if (FutureTimestamps.tooFarAhead(
          record.event().tsMillis(), ingested.source().kafkaTimestampMillis(), maxAheadMillis)) {
        deadLetter(
                new DeadLetter(
                    ingested.source(),
                    RejectReason.FUTURE_TIMESTAMP,
                    "ts " + record.event().tsMillis() + " is more than " + maxAheadMillis + " ms after the Kafka"
                        + " record's timestamp " + ingested.source().kafkaTimestampMillis() + "; payload re-encoded"
                        + " from the parsed event",
                    RideEventJson.toJson(record.event()).getBytes(StandardCharsets.UTF_8)),
                out);
      } else {
        valid.inc();
        out.get(VALID).output(record.event());
      }
    }

    private void deadLetter(DeadLetter letter, MultiOutputReceiver out) {
      deadLettered.inc();
      byReason.get(letter.reason()).inc();
      out.get(DEAD_LETTERS).output(letter);
    }
  }
}
