package com.ridecounts.launcher;

import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Produces generated ride events at a steady rate, stamped with the wall clock, on a background thread. */
final class LiveEvents implements AutoCloseable, Runnable {
  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final double perSecond;
  private final RideEventGenerator generator;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong produced = new AtomicLong();
  private final Thread thread;

  private LiveEvents(String bootstrapServers, String topic, double perSecond) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    this.topic = topic;
    this.perSecond = perSecond;
    this.generator = new RideEventGenerator(System.nanoTime(), RideEventGenerator.Profile.realistic());
    this.thread = new Thread(this, "ride-event-generator");
    thread.setDaemon(true);
  }

  static LiveEvents start(String bootstrapServers, String topic, double perSecond) {
    LiveEvents events = new LiveEvents(bootstrapServers, topic, perSecond);
    events.thread.start();
    return events;
  }

  @Override
  public void run() {
    long start = System.nanoTime();
    while (running.get()) {
      long due = (long) ((System.nanoTime() - start) / 1e9 * perSecond);
      while (produced.get() < due && running.get()) {
        producer.send(new ProducerRecord<>(topic, generator.next(System.currentTimeMillis())));
        produced.incrementAndGet();
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  long produced() {
    return produced.get();
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join(5_000);
    producer.close();
  }
}
