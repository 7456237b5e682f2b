package com.ridecounts.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.streaming.Checkpoint;
import org.apache.spark.streaming.Checkpoint$;
import org.apache.spark.streaming.dstream.DStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.JavaConverters;

/**
 * Before a streaming job restarts from its checkpoint directory, sets aside the newest Spark checkpoint files that refer
 * to RDD checkpoints no longer on disk, so that Spark restores the newest one it can.
 *
 * <p>Why: Spark writes a metadata checkpoint ({@code checkpoint-<batch time>}) when it generates a batch and again
 * when the batch completes, and after each completed batch it deletes the RDD checkpoints older than the ones that
 * batch's checkpoint refers to ({@code DStreamCheckpointData.cleanup}). After a restart, Spark first re-runs the batches
 * of the down time, whose times are <em>older</em> than the batches it now generates: the generation checkpoint of a new
 * batch (a later time, so the one a restart picks) can refer to an RDD checkpoint that the completion of an older
 * re-run batch then deletes. Killed in that state, the job could not start again: {@code "requirement failed:
 * Checkpoint directory does not exist: .../rdd-86"} from {@code DStreamCheckpointData.restore} (seen twice in {@code
 * RepeatedKillIT}). Spark's own reader only skips checkpoint files it cannot deserialize.
 *
 * <p>What: the checkpoint files are examined newest first (as {@code CheckpointReader} does). A file that refers to a
 * missing RDD checkpoint is moved into the subdirectory {@value #SET_ASIDE} (Spark lists only the files directly in the
 * directory), with a warning; the first file whose RDD checkpoints all exist ends the search. The older checkpoint
 * restores state, Kafka offsets included, as of its own batch, so the job replays from there: more replayed panes (the
 * sink is at-least-once on Spark), and the same final counts. A file that cannot be read is left for Spark to skip.
 */
public final class StaleCheckpoints {
  private static final Logger LOG = LoggerFactory.getLogger(StaleCheckpoints.class);

  /** Subdirectory of the Spark checkpoint directory that receives the files set aside. */
  public static final String SET_ASIDE = "set-aside";

  private StaleCheckpoints() {}

  /**
   * Sets aside the stale newest checkpoint files of {@code sparkCheckpointDir} (see the class comment).
   *
   * @return the files set aside, newest first; empty if there is no checkpoint or the newest is whole
   * @throws IllegalStateException if every readable checkpoint file refers to a missing RDD checkpoint
   */
  public static List<Path> setAside(Path sparkCheckpointDir, Configuration hadoopConf, SparkConf sparkConf) {
    try {
      FileSystem fs = sparkCheckpointDir.getFileSystem(hadoopConf);
      List<Path> files =
          new ArrayList<>(
              JavaConverters.seqAsJavaList(
                  Checkpoint$.MODULE$.getCheckpointFiles(sparkCheckpointDir.toString(), scala.Option.apply(fs))));
      Collections.reverse(files); // newest first
      List<Path> setAside = new ArrayList<>();
      for (Path file : files) {
        Checkpoint checkpoint = read(fs, file, sparkConf);
        if (checkpoint == null) {
          continue; // unreadable: Spark skips it too
        }
        List<String> missing = missingRddCheckpoints(fs, checkpoint);
        if (missing.isEmpty()) {
          if (!setAside.isEmpty()) {
            LOG.warn(
                "Restoring from {} instead: {} newer checkpoint file(s) set aside in {}",
                file.getName(), setAside.size(), new Path(sparkCheckpointDir, SET_ASIDE));
          }
          return setAside;
        }
        Path target = new Path(new Path(sparkCheckpointDir, SET_ASIDE), file.getName());
        fs.mkdirs(target.getParent());
        if (!fs.rename(file, target)) {
          throw new IOException("could not move " + file + " to " + target);
        }
        LOG.warn("Set aside checkpoint file {}: it refers to RDD checkpoints that do not exist: {}", file, missing);
        setAside.add(file);
      }
      if (!setAside.isEmpty()) {
        throw new IllegalStateException(
            "No checkpoint file in " + sparkCheckpointDir + " can be restored: every readable one refers to RDD"
                + " checkpoints that do not exist (moved to " + SET_ASIDE + "/). Starting without them would lose the"
                + " job's window state; restore the directory from a backup or start a new --checkpointDir.");
      }
      return setAside;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The RDD checkpoints the checkpoint file {@code file} refers to; null if the file cannot be read. */
  public static List<String> rddCheckpoints(Path file, Configuration hadoopConf, SparkConf sparkConf)
      throws IOException {
    Checkpoint checkpoint = read(file.getFileSystem(hadoopConf), file, sparkConf);
    return checkpoint == null ? null : rddCheckpoints(checkpoint);
  }

  /** The RDD checkpoint paths {@code checkpoint} restores that are not on {@code fs}. */
  private static List<String> missingRddCheckpoints(FileSystem fs, Checkpoint checkpoint) throws IOException {
    List<String> missing = new ArrayList<>();
    for (String file : rddCheckpoints(checkpoint)) {
      if (!fs.exists(new Path(file))) {
        missing.add(file);
      }
    }
    return missing;
  }

  /** Every RDD checkpoint file the DStreams of {@code checkpoint}'s graph restore from. */
  private static List<String> rddCheckpoints(Checkpoint checkpoint) {
    List<String> files = new ArrayList<>();
    Set<DStream<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<DStream<?>> pending = new ArrayDeque<>(List.of(checkpoint.graph().getOutputStreams()));
    while (!pending.isEmpty()) {
      DStream<?> stream = pending.pop();
      if (!seen.add(stream)) {
        continue;
      }
      files.addAll(JavaConverters.mapAsJavaMap(stream.checkpointData().currentCheckpointFiles()).values());
      pending.addAll(JavaConverters.seqAsJavaList(stream.dependencies()));
    }
    return files;
  }

  private static Checkpoint read(FileSystem fs, Path file, SparkConf conf) {
    try (InputStream in = fs.open(file)) {
      return Checkpoint$.MODULE$.deserialize(in, conf);
    } catch (Exception e) {
      LOG.warn("Cannot read checkpoint file {} ({}); Spark will skip it too", file, e.toString());
      return null;
    }
  }
}
