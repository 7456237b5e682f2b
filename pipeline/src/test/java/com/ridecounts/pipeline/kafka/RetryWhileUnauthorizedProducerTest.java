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
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** {@link RetryWhileUnauthorizedProducer} against Kafka's {@link MockProducer}: no broker. */
class RetryWhileUnauthorizedProducerTest {
  private final MockProducer<String, String> mock =
      new MockProducer<>(false, new StringSerializer(), new StringSerializer());
  private final RetryWhileUnauthorizedProducer<String, String> producer =
      new RetryWhileUnauthorizedProducer<>(mock, Duration.ofMillis(10));
  private final List<String> outcomes = new ArrayList<>();

  @Test
  void refusedRecordIsSentAgainByFlushAndItsCallbackSeesOnlyTheSuccess() {
    send("a");
    mock.errorNext(new TopicAuthorizationException(Set.of("counts")));
    assertThat("the refusal is held back", outcomes.isEmpty(), equalTo(true));

    producer.flush(); // the mock accepts the second attempt

    assertThat(outcomes, contains("a ok"));
    assertThat("sent twice", mock.history().stream().map(ProducerRecord::value).toList(), contains("a", "a"));
  }

  @Test
  void otherErrorsReachTheCallbackAtOnce() {
    send("b");
    mock.errorNext(new TimeoutException("slow"));
    assertThat(outcomes, contains("b " + TimeoutException.class.getSimpleName()));
    producer.flush();
    assertThat("not sent again", mock.history().size(), equalTo(1));
  }

  @Test
  void refusedRecordsAreSentAgainInTheOrderTheyFailed() {
    send("c1");
    send("c2");
    mock.errorNext(new TopicAuthorizationException(Set.of("counts")));
    mock.errorNext(new TopicAuthorizationException(Set.of("counts")));
    producer.flush();
    assertThat(outcomes, contains("c1 ok", "c2 ok"));
    assertThat(mock.history().stream().map(ProducerRecord::value).toList(), contains("c1", "c2", "c1", "c2"));
  }

  @Test
  void interruptedWaitFailsTheFlush() {
    send("d");
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

  private void send(String value) {
    producer.send(
        new ProducerRecord<>("counts", value),
        (metadata, e) -> outcomes.add(value + " " + (e == null ? "ok" : e.getClass().getSimpleName())));
  }
}
