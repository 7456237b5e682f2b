package com.ridecounts.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the newest <em>completed</em> Flink checkpoint in a checkpoint storage directory on the local file system, to
 * restore a restarted job from it. Flink writes each checkpoint of a job to {@code <storage>/<jobId>/chk-<n>/} and its
 * {@value #METADATA} file last, when the checkpoint completes; a checkpoint that a kill interrupted has no metadata
 * file and is skipped. A restarted job gets a new job id, so every job-id subdirectory is searched. The newest is the
 * one whose metadata file was written last (ties: the higher checkpoint number).
 */
public final class CompletedCheckpoints {
  /** The file Flink writes when a checkpoint completes. */
  public static final String METADATA = "_metadata";

  private static final Pattern CHECKPOINT_DIR = Pattern.compile("chk-(\\d+)");

  private CompletedCheckpoints() {}

  /** A completed checkpoint: its directory, checkpoint number and completion time. */
  public record Checkpoint(Path directory, long number, FileTime completed) {}

  /**
   * The local directory of a checkpoint storage location given as a path or a {@code file:} URI; empty for other
   * file systems (hdfs, s3, ...), which this class does not search.
   */
  public static Optional<Path> localDirectory(String storagePath) {
    if (storagePath == null || storagePath.isBlank()) {
      return Optional.empty();
    }
    if (!storagePath.contains(":")) {
      return Optional.of(Path.of(storagePath));
    }
    URI uri = URI.create(storagePath);
    return "file".equals(uri.getScheme()) ? Optional.of(Path.of(uri)) : Optional.empty();
  }

  /** The newest completed checkpoint under {@code storage} ({@code <storage>/<jobId>/chk-<n>/_metadata}), if any. */
  public static Optional<Checkpoint> latest(Path storage) {
    if (!Files.isDirectory(storage)) {
      return Optional.empty();
    }
    try (Stream<Path> jobs = Files.list(storage)) {
      return jobs.filter(Files::isDirectory)
          .flatMap(CompletedCheckpoints::completedIn)
          .max(Comparator.comparing(Checkpoint::completed).thenComparingLong(Checkpoint::number));
    } catch (IOException e) {
      throw new UncheckedIOException("could not list the checkpoints in " + storage, e);
    }
  }

  private static Stream<Checkpoint> completedIn(Path jobDir) {
    try (Stream<Path> children = Files.list(jobDir)) {
      return children
          .map(CompletedCheckpoints::completed)
          .flatMap(Optional::stream)
          .toList()
          .stream();
    } catch (IOException e) {
      throw new UncheckedIOException("could not list the checkpoints in " + jobDir, e);
    }
  }

  private static Optional<Checkpoint> completed(Path dir) {
    Matcher name = CHECKPOINT_DIR.matcher(dir.getFileName().toString());
    Path metadata = dir.resolve(METADATA);
    if (!name.matches() || !Files.isRegularFile(metadata)) {
      return Optional.empty();
    }
    try {
      if (Files.size(metadata) == 0) {
        return Optional.empty(); // killed while Flink wrote it
      }
      return Optional.of(
          new Checkpoint(dir, Long.parseLong(name.group(1)), Files.getLastModifiedTime(metadata)));
    } catch (IOException e) {
      return Optional.empty(); // discarded by Flink (subsumed) while we looked
    }
  }
}
