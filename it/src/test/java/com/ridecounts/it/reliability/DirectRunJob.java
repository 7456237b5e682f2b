package com.ridecounts.it.reliability;

import com.ridecounts.it.harness.LauncherProcess;
import java.util.List;

/**
 * The job the broker-fault tests run: {@code ride-counts run} on the DirectRunner (exactly-once sinks) in a child JVM
 * with a 1 GB heap, reading topic {@code rides} from the earliest offset, dead letters to {@code dlq}.
 */
final class DirectRunJob {
  private DirectRunJob() {}

  /** The command line of the job against {@code bootstrap}, writing its counts to {@code outputTopic}. */
  static List<String> command(String bootstrap, String outputTopic) {
    return LauncherProcess.command(
        List.of("-Xmx1g"),
        "run",
        List.of(
            "--runner=DirectRunner",
            "--bootstrapServers=" + bootstrap,
            "--inputTopic=rides",
            "--outputTopic=" + outputTopic,
            "--deadLetterTopic=dlq",
            "--startingOffsets=EARLIEST",
            "--idlePartitionTimeoutSeconds=5"));
  }
}
