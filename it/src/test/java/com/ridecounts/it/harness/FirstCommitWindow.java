package com.ridecounts.it.harness;

import com.ridecounts.flink.CompletedCheckpoints;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tracks the window in which Beam 2.70's {@code KafkaExactlyOnceSink} cannot be restored on Flink: from a sink's
 * first committed transaction until the job completes a checkpoint taken after it. The sink keeps its writer id in
 * Flink state and its committed sequence id in Kafka (as consumer-group metadata of {@code --sinkGroupId}); it writes
 * the writer id to state only when it commits for the first time, which on Flink is right after a checkpoint
 * completed. A job restored from that checkpoint (or an earlier one) finds metadata in Kafka but no writer id in its
 * state and fails every attempt with "Kafka metadata exists for shard 0, but there is no stored state for it".
 *
 * <p>The window is taken as closed once two more checkpoints completed after the one that was the newest when the
 * sink's first record became visible (the first of them may have been triggered before the commit). Watches the
 * sink topics with read_committed consumers; not thread-safe.
 */
public final class FirstCommitWindow implements AutoCloseable {
  private final Path checkpoints;
  private final Map<String, TopicWatcher> watchers = new LinkedHashMap<>();
  /** Per topic: the newest completed checkpoint number when its first record was seen (-1: none yet). */
  private final Map<String, Long> checkpointAtFirstRecord = new LinkedHashMap<>();

  public FirstCommitWindow(String bootstrapServers, List<String> sinkTopics, Path checkpoints) {
    this.checkpoints = checkpoints;
    for (String topic : sinkTopics) {
      watchers.put(topic, new TopicWatcher(bootstrapServers, topic));
    }
  }

  /** Reads what the sinks committed since the last call (waiting at most {@code timeout} per topic). */
  public void poll(Duration timeout) {
    for (Map.Entry<String, TopicWatcher> watcher : watchers.entrySet()) {
      if (!checkpointAtFirstRecord.containsKey(watcher.getKey()) && watcher.getValue().poll(timeout) > 0) {
        checkpointAtFirstRecord.put(watcher.getKey(), latestCheckpoint());
      }
    }
  }

  /** Whether every sink has committed its first transaction. */
  public boolean allCommitted() {
    return checkpointAtFirstRecord.size() == watchers.size();
  }

  /** Whether some sink committed its first transaction and no checkpoint taken after it has completed yet. */
  public boolean open() {
    long latest = latestCheckpoint();
    return checkpointAtFirstRecord.values().stream().anyMatch(atFirst -> latest < atFirst + 2);
  }

  private long latestCheckpoint() {
    return CompletedCheckpoints.latest(checkpoints).map(CompletedCheckpoints.Checkpoint::number).orElse(-1L);
  }

  @Override
  public String toString() {
    return "first records seen at checkpoint " + checkpointAtFirstRecord + ", newest now " + latestCheckpoint();
  }

  @Override
  public void close() {
    watchers.values().forEach(TopicWatcher::close);
  }
}
