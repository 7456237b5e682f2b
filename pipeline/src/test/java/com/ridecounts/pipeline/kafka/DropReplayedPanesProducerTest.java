package com.ridecounts.pipeline.kafka;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import com.ridecounts.model.WindowCount;
import com.ridecounts.model.WindowCount.Timing;
import com.ridecounts.model.WindowCountJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** {@link DropReplayedPanesProducer} against Kafka's {@link MockProducer}: no broker. */
class DropReplayedPanesProducerTest {
  private final MockProducer<String, String> mock =
      new MockProducer<>(false, new StringSerializer(), new StringSerializer());
  private final WrittenPanes written = new WrittenPanes(Duration.ofHours(1).toMillis());
  private final DropReplayedPanesProducer<String> producer = new DropReplayedPanesProducer<>(mock, written);
  private final List<String> outcomes = new ArrayList<>();

  @Test
  void replayOfAWrittenPaneIsNotSentAndItsCallbackSucceeds() {
    send(pane(0, 5, false));
    mock.completeNext();
    send(pane(0, 5, false));
    assertThat(outcomes, contains("ok", "ok"));
    assertThat("sent once", mock.history().size(), equalTo(1));
  }

  @Test
  void sentPaneIsReindexedInItsValue() {
    written.written(pane(3, 12, false));
    send(pane(2, 13, false));
    mock.completeNext();
    assertThat(WindowCountJson.fromJson(mock.history().get(0).value()), equalTo(pane(4, 13, false)));
  }

  @Test
  void paneWhoseSendFailedIsSentAgain() {
    send(pane(0, 5, false));
    mock.errorNext(new TimeoutException("slow"));
    send(pane(0, 5, false));
    mock.completeNext();
    assertThat(outcomes, contains(TimeoutException.class.getSimpleName(), "ok"));
    assertThat(mock.history().size(), equalTo(2));
  }

  @Test
  void valuesThatAreNotPanesPassUnchanged() {
    producer.send(new ProducerRecord<>("dlq", "k", "not a pane"));
    producer.send(new ProducerRecord<>("dlq", "k", "not a pane"));
    assertThat(mock.history().size(), equalTo(2));
  }

  private void send(WindowCount pane) {
    producer.send(
        new ProducerRecord<>("counts", pane.eventType(), WindowCountJson.toJson(pane)),
        (metadata, exception) -> outcomes.add(exception == null ? "ok" : exception.getClass().getSimpleName()));
  }

  private static WindowCount pane(long index, long count, boolean isFinal) {
    return new WindowCount(0, 60_000, "ride_started", count, index, isFinal ? Timing.LATE : Timing.EARLY, isFinal);
  }
}
