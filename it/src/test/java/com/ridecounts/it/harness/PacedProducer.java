package com.ridecounts.it.harness;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Feeds a topic over time, as live input does: a background thread produces {@code values} in order, value {@code i}
 * to partition {@code i % partitions} (the layout {@link CountsOracle#compute} models), {@code chunk} values at a time
 * with a pause of {@code pauseMillis} after each chunk. Idempotent producer with one request in flight, so offsets
 * follow the order of the list. {@link #close} stops it.
 */
public final class PacedProducer implements AutoCloseable {
  private final Thread thread;
  private final AtomicInteger produced = new AtomicInteger();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile boolean stopped;

  public PacedProducer(
      String bootstrapServers, String topic, List<byte[]> values, int partitions, int chunk, long pauseMillis) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    thread =
        new Thread(
            () -> {
              try (KafkaProducer<byte[], byte[]> producer =
                  new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < values.size() && !stopped; i++) {
                  producer.send(new ProducerRecord<>(topic, i % partitions, null, values.get(i))).get();
                  produced.incrementAndGet();
                  if ((i + 1) % chunk == 0) {
                    TimeUnit.MILLISECONDS.sleep(pauseMillis);
                  }
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (Exception | Error e) {
                failure.set(e);
              }
            },
            "paced-producer-" + topic);
    thread.setDaemon(true);
  }

  /** Starts producing; returns this. */
  public PacedProducer start() {
    thread.start();
    return this;
  }

  /** Values acknowledged by the broker so far. */
  public int produced() {
    return produced.get();
  }

  /** Whether the thread has produced every value (or failed). */
  public boolean done() {
    return !thread.isAlive();
  }

  /** Fails if producing failed. */
  public void checkHealthy() {
    if (failure.get() != null) {
      throw new AssertionError("the paced producer failed", failure.get());
    }
  }

  @Override
  public void close() {
    stopped = true;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
