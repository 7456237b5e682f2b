package com.ridecounts.it.spark;

import com.ridecounts.it.harness.LauncherProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@code ride-counts run} on the SparkRunner that the Spark ITs start in a child JVM ({@code
 * -Xmx1g}, this JVM's classpath): input {@code rides}, output {@code counts}, dead letters {@code dlq}, from the
 * earliest offset, partitions idle after 5 s, state in {@code checkpoints}, plus each test's own options.
 */
public final class SparkRunCommand {
  private SparkRunCommand() {}

  public static List<String> of(String bootstrap, Path checkpoints, String... options) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--runner=SparkRunner",
                "--bootstrapServers=" + bootstrap,
                "--inputTopic=rides",
                "--outputTopic=counts",
                "--deadLetterTopic=dlq",
                "--startingOffsets=EARLIEST",
                "--idlePartitionTimeoutSeconds=5",
                "--checkpointDir=" + checkpoints));
    args.addAll(List.of(options));
    return LauncherProcess.command(List.of("-Xmx1g"), "run", args);
  }
}
