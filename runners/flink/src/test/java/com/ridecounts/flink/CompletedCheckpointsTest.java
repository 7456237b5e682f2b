package com.ridecounts.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompletedCheckpointsTest {
  @TempDir Path storage;

  /** Creates {@code <storage>/<job>/chk-<n>}, with a metadata file written at {@code completed} if not null. */
  private Path checkpoint(String job, long n, Instant completed) throws IOException {
    Path dir = Files.createDirectories(storage.resolve(job).resolve("chk-" + n));
    if (completed != null) {
      Path metadata = Files.write(dir.resolve(CompletedCheckpoints.METADATA), new byte[] {1, 2, 3});
      Files.setLastModifiedTime(metadata, FileTime.from(completed));
    }
    return dir;
  }

  @Test
  void noDirectoryOrNoCompletedCheckpointMeansNothingToResume() throws IOException {
    assertEquals(Optional.empty(), CompletedCheckpoints.latest(storage.resolve("missing")));
    assertEquals(Optional.empty(), CompletedCheckpoints.latest(storage));
    checkpoint("job-a", 1, null); // interrupted: no metadata
    Files.createDirectories(storage.resolve("job-a").resolve("shared"));
    Files.createDirectories(storage.resolve("job-a").resolve("taskowned"));
    assertEquals(Optional.empty(), CompletedCheckpoints.latest(storage));
  }

  @Test
  void findsTheNewestCompletedCheckpointAcrossJobIdsSkippingIncompleteOnes() throws IOException {
    Instant t = Instant.parse("2026-11-26T03:00:00Z");
    checkpoint("job-a", 7, t);
    checkpoint("job-a", 8, t.plusSeconds(5));
    Path newest = checkpoint("job-b", 9, t.plusSeconds(30)); // the restarted job continues the numbering
    checkpoint("job-b", 10, null); // killed while it was written
    Files.createDirectories(storage.resolve("job-b").resolve("chk-11"));
    Files.write(storage.resolve("job-b").resolve("chk-11").resolve(CompletedCheckpoints.METADATA), new byte[0]);
    checkpoint("job-c", 1, t.plusSeconds(20)); // a job that started from scratch numbers from 1 again

    CompletedCheckpoints.Checkpoint latest = CompletedCheckpoints.latest(storage).orElseThrow();
    assertEquals(newest, latest.directory());
    assertEquals(9, latest.number());
  }

  @Test
  void sameCompletionTimeTakesTheHigherNumber() throws IOException {
    Instant t = Instant.parse("2026-11-26T03:00:00Z");
    checkpoint("job-a", 3, t);
    Path higher = checkpoint("job-a", 4, t);
    assertEquals(higher, CompletedCheckpoints.latest(storage).orElseThrow().directory());
  }

  @Test
  void onlyLocalStorageIsSearched() {
    assertEquals(Optional.of(Path.of("/var/ckpt")), CompletedCheckpoints.localDirectory("file:///var/ckpt"));
    assertEquals(Optional.of(Path.of("/var/ckpt")), CompletedCheckpoints.localDirectory("/var/ckpt"));
    assertTrue(CompletedCheckpoints.localDirectory("hdfs://nn/ckpt").isEmpty());
    assertTrue(CompletedCheckpoints.localDirectory("s3://bucket/ckpt").isEmpty());
    assertTrue(CompletedCheckpoints.localDirectory("").isEmpty());
  }
}
