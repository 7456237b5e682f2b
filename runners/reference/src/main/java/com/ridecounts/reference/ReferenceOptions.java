package com.ridecounts.reference;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The reference job's settings, under the project's option names (see the README's option table) so that {@code
 * ./ride-counts run|replay --runner=SparkStructuredStreamingReference} takes the same command line as the Beam job.
 * Defaults are the seed article's. Options of the Beam job that have no counterpart in the seed's query (dead-letter
 * topic, EOS settings, idle-partition timeout, ...) are accepted and ignored, with a warning.
 */
final class ReferenceOptions {
  /** Options the Beam job has and the seed's query has no use for. */
  private static final Set<String> IGNORED =
      Set.of(
          "deadLetterTopic", "sinkGroupId", "eosShards", "deliveryGuarantee", "idlePartitionTimeoutSeconds",
          "blockOnRun", "enforceImmutability", "enforceEncodability", "batchIntervalMillis", "checkpointingInterval",
          "flinkMaster", "streaming");

  final String bootstrapServers;
  final String inputTopic;
  final String outputTopic;
  /** Spark's startingOffsets: earliest or latest (used only when the checkpoint has no offsets yet). */
  final String startingOffsets;
  final long maxOffsetsPerTrigger;
  /** kafka.group.id of the source's consumers (Spark keeps offsets in the checkpoint, not in the group). */
  final String consumerGroupId;
  final long windowSizeSeconds;
  final long windowPeriodSeconds;
  /** withWatermark's delay: allowedLatenessSeconds + watermarkDelaySeconds (the Beam job's total tolerance). */
  final long watermarkDelaySeconds;
  final long triggerIntervalSeconds;
  /** update or append */
  final String outputMode;
  /** checkpointLocation; empty = a fresh temporary directory per start (local runs only). */
  final String checkpointDir;
  /** spark.sql.shuffle.partitions; 0 = the cores of the master (local[N] → N), not Spark's 200. */
  final int shufflePartitions;
  final String sparkMaster;
  final String kafkaPropertiesFile;
  final Set<String> ignored = new TreeSet<>();

  ReferenceOptions(Map<String, String> given) {
    Map<String, String> o = new java.util.HashMap<>(given);
    bootstrapServers = take(o, "bootstrapServers", "localhost:9092");
    inputTopic = take(o, "inputTopic", "ride_events");
    outputTopic = take(o, "outputTopic", "ride_event_counts");
    startingOffsets = take(o, "startingOffsets", "LATEST").toLowerCase(Locale.ROOT);
    if (!startingOffsets.equals("earliest") && !startingOffsets.equals("latest")) {
      throw new IllegalArgumentException("--startingOffsets must be EARLIEST or LATEST, got " + startingOffsets);
    }
    maxOffsetsPerTrigger = Long.parseLong(take(o, "maxOffsetsPerTrigger", "500000"));
    consumerGroupId = take(o, "consumerGroupId", "ride-counts-v1");
    windowSizeSeconds = Long.parseLong(take(o, "windowSizeSeconds", "60"));
    windowPeriodSeconds = Long.parseLong(take(o, "windowPeriodSeconds", "30"));
    watermarkDelaySeconds =
        Long.parseLong(take(o, "allowedLatenessSeconds", "600")) + Long.parseLong(take(o, "watermarkDelaySeconds", "0"));
    triggerIntervalSeconds = Long.parseLong(take(o, "triggerIntervalSeconds", "30"));
    outputMode = take(o, "outputMode", "UPDATE").toLowerCase(Locale.ROOT);
    if (!outputMode.equals("update") && !outputMode.equals("append")) {
      throw new IllegalArgumentException("--outputMode must be UPDATE or APPEND, got " + outputMode);
    }
    checkpointDir = take(o, "checkpointDir", "");
    sparkMaster = take(o, "sparkMaster", "local[*]");
    int shuffle = Integer.parseInt(take(o, "shufflePartitions", "0"));
    shufflePartitions = shuffle > 0 ? shuffle : coresOf(sparkMaster);
    kafkaPropertiesFile = take(o, "kafkaPropertiesFile", "");
    for (String name : o.keySet()) {
      if (IGNORED.contains(name)) {
        ignored.add(name);
      } else {
        throw new IllegalArgumentException(
            "unknown option --" + name + " for the SparkStructuredStreamingReference job (see runners/reference)");
      }
    }
  }

  private static String take(Map<String, String> options, String name, String defaultValue) {
    String value = options.remove(name);
    return value == null || value.isEmpty() ? defaultValue : value;
  }

  /** local[N] → N, local[*] or local → the machine's cores; a cluster master → the machine's cores as a guess. */
  static int coresOf(String master) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("local\\[(\\d+)(,\\d+)?\\]").matcher(master);
    return m.matches() ? Integer.parseInt(m.group(1)) : Runtime.getRuntime().availableProcessors();
  }
}
