package com.ridecounts.pipeline.kafka;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** {@link RetryWhileUnwritableProducer} against Kafka's {@link MockProducer}: no broker. */
class RetryWhileUnwritableProducerTest {
  /** Kafka 3.9's message when {@code send} gives up waiting for a topic's metadata. */
  private static final TimeoutException NOT_IN_METADATA =
      new TimeoutException("Topic counts not present in metadata after 10000 ms.");

  private final MockProducer<String, String> mock =
      new MockProducer<>(false, new StringSerializer(), new StringSerializer());
  private final RetryWhileUnwritableProducer<String, String> producer =
      new RetryWhileUnwritableProducer<>(mock, Duration.ofMillis(10));
  private final List<String> outcomes = new ArrayList<>();

  @Test
  void refusedRecordIsSentAgainByFlushAndItsCallbackSeesOnlyTheSuccess() {
    send("counts", "a");
    mock.errorNext(new TopicAuthorizationException(Set.of("counts")));
    assertThat("the refusal is held back", outcomes.isEmpty(), equalTo(true));

    producer.flush(); // the mock accepts the second attempt

    assertThat(outcomes, contains("a ok"));
    assertThat("sent twice", values(), contains("a", "a"));
  }

  @Test
  void aDeletedTopicsErrorsAreHeldToo() {
    send("counts", "u");
    mock.errorNext(new UnknownTopicOrPartitionException("This server does not host this topic-partition."));
    producer.flush();
    send("counts", "m");
    mock.errorNext(NOT_IN_METADATA);
    producer.flush();
    send("counts", "e");
    mock.errorNext(new TimeoutException("Expiring 1 record(s) for counts-0:120000 ms has passed since batch creation"));
    producer.flush();
    assertThat(outcomes, contains("u ok", "m ok", "e ok"));
    assertThat(values(), contains("u", "u", "m", "m", "e", "e"));
  }

  @Test
  void otherErrorsReachTheCallbackAtOnce() {
    send("counts", "b");
    mock.errorNext(new TimeoutException("Timeout expired while awaiting a response"));
    send("counts", "b2");
    mock.errorNext(new RecordTooLargeException("too large"));
    send("other", "b3");
    mock.errorNext(NOT_IN_METADATA); // about another topic than the record's
    assertThat(outcomes, contains("b TimeoutException", "b2 RecordTooLargeException", "b3 TimeoutException"));
    producer.flush();
    assertThat("not sent again", mock.history().size(), equalTo(3));
  }

  @Test
  void whileATopicIsUnwritableItsNextRecordsAreHeldWithoutSendingThem() {
    send("counts", "c1");
    mock.errorNext(NOT_IN_METADATA);
    send("counts", "c2");
    send("other", "x");
    assertThat("c2 was not sent", values(), contains("c1", "x"));

    producer.flush();

    assertThat(outcomes, contains("x ok", "c1 ok", "c2 ok"));
    assertThat(values(), contains("c1", "x", "c1", "c2"));
  }

  @Test
  void heldRecordsAreSentAgainInTheOrderTheyFailed() {
    send("counts", "c1");
    send("counts", "c2");
    mock.errorNext(new TopicAuthorizationException(Set.of("counts")));
    mock.errorNext(new TopicAuthorizationException(Set.of("counts")));
    producer.flush();
    assertThat(outcomes, contains("c1 ok", "c2 ok"));
    assertThat(values(), contains("c1", "c2", "c1", "c2"));
  }

  @Test
  void interruptedWaitFailsTheFlush() {
    send("counts", "d");
    mock.errorNext(new TopicAuthorizationException(Set.of("counts")));
    Thread.currentThread().interrupt();
    try {
      producer.flush();
      throw new AssertionError("flush returned");
    } catch (org.apache.kafka.common.errors.InterruptException expected) {
      assertThat(expected.getCause(), instanceOf(InterruptedException.class));
    } finally {
      Thread.interrupted();
    }
  }

  private void send(String topic, String value) {
    producer.send(
        new ProducerRecord<>(topic, value),
        (metadata, e) -> outcomes.add(value + " " + (e == null ? "ok" : e.getClass().getSimpleName())));
  }

  private List<String> values() {
    return mock.history().stream().map(ProducerRecord::value).toList();
  }
}
