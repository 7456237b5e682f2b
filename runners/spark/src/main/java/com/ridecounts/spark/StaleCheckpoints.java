package com.ridecounts.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.streaming.Checkpoint;
import org.apache.spark.streaming.Checkpoint$;
import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.dstream.DStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.JavaConverters;

/**
 * Before a streaming job restarts from its checkpoint directory, sets aside the newest Spark checkpoint files that
 * Spark could not restore faithfully, so that Spark restores the newest one it can.
 *
 * <p>Spark writes a metadata checkpoint ({@code checkpoint-<batch time>}) when it generates a batch and again when the
 * batch completes, into the file named after the newest batch time it has seen, and after each completed batch it
 * deletes the RDD checkpoints older than the ones that batch's checkpoint refers to ({@code
 * DStreamCheckpointData.cleanup}). After a restart, Spark first re-runs the batches of the down time, whose times are
 * <em>older</em> than the batches it then generates. Two bad states follow, both seen in {@code RepeatedKillIT}:
 *
 * <ul>
 *   <li><b>Missing RDD checkpoints.</b> The generation checkpoint of a new batch (the newest file, the one a restart
 *       picks) can refer to an RDD checkpoint that the completion of an older re-run batch then deletes. Restored from
 *       it, the job cannot start: {@code "requirement failed: Checkpoint directory does not exist: .../rdd-86"} from
 *       {@code DStreamCheckpointData.restore}.
 *   <li><b>No state at the checkpoint's own time.</b> The completion checkpoint of a re-run batch T can be written
 *       after later batches have completed and made the streams forget T's state RDDs (see {@link
 *       RememberBatchesListener}), into the newest file. Restored from it, Spark re-runs from T but finds no state at
 *       or before T, so it recomputes the state from the job's first batch: the Kafka source reads the topic again
 *       from its start, cut into other micro-batches than in the first run ({@link #recomputesFromFirstBatch}).
 * </ul>
 *
 * <p>What: the checkpoint files are examined newest first (as {@code CheckpointReader} does). A file in either state is
 * moved into the subdirectory {@value #SET_ASIDE} (Spark lists only the files directly in the directory), with a
 * warning; the first file in neither state ends the search. The older checkpoint restores state, Kafka offsets
 * included, as of its own batch, so the job replays from there: more replayed panes (the sink is at-least-once on
 * Spark), and the same final counts. A file that cannot be read is left for Spark to skip. If no file is in neither
 * state, the newest file with all its RDD checkpoints is kept (with a warning that Spark will recompute from the first
 * batch), and if there is none, the job is refused.
 */
public final class StaleCheckpoints {
  private static final Logger LOG = LoggerFactory.getLogger(StaleCheckpoints.class);

  /** Subdirectory of the Spark checkpoint directory that receives the files set aside. */
  public static final String SET_ASIDE = "set-aside";

  private StaleCheckpoints() {}

  /** A readable checkpoint file and whether Spark can restore it faithfully. */
  private record Candidate(Path file, List<String> missingRdds, boolean recomputesFromFirstBatch) {
    boolean whole() {
      return missingRdds.isEmpty();
    }

    boolean restorable() {
      return whole() && !recomputesFromFirstBatch;
    }
  }

  /**
   * Sets aside the newest checkpoint files of {@code sparkCheckpointDir} that Spark could not restore faithfully (see
   * the class comment).
   *
   * @return the files set aside, newest first; empty if there is no checkpoint or the newest is restorable
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
      List<Candidate> candidates = new ArrayList<>();
      for (Path file : files) {
        Checkpoint checkpoint = read(fs, file, sparkConf);
        if (checkpoint == null) {
          continue; // unreadable: Spark skips it too
        }
        Candidate candidate =
            new Candidate(file, missingRddCheckpoints(fs, checkpoint), recomputesFromFirstBatch(checkpoint));
        candidates.add(candidate);
        if (candidate.restorable()) {
          break;
        }
      }
      Candidate restore =
          candidates.stream()
              .filter(Candidate::restorable)
              .findFirst()
              .or(() -> candidates.stream().filter(Candidate::whole).findFirst())
              .orElse(null);
      List<Path> setAside = new ArrayList<>();
      for (Candidate candidate : candidates) {
        if (candidate == restore) {
          break;
        }
        Path target = new Path(new Path(sparkCheckpointDir, SET_ASIDE), candidate.file().getName());
        fs.mkdirs(target.getParent());
        if (!fs.rename(candidate.file(), target)) {
          throw new IOException("could not move " + candidate.file() + " to " + target);
        }
        LOG.warn(
            "Set aside checkpoint file {}: {}",
            candidate.file(),
            candidate.whole()
                ? "restoring it would make Spark recompute the streams' state from the job's first batch"
                : "it refers to RDD checkpoints that do not exist: " + candidate.missingRdds());
        setAside.add(candidate.file());
      }
      if (restore == null && !setAside.isEmpty()) {
        throw new IllegalStateException(
            "No checkpoint file in " + sparkCheckpointDir + " can be restored: every readable one refers to RDD"
                + " checkpoints that do not exist (moved to " + SET_ASIDE + "/). Starting without them would lose the"
                + " job's window state; restore the directory from a backup or start a new --checkpointDir.");
      }
      if (restore != null && restore.recomputesFromFirstBatch()) {
        LOG.warn(
            "Restoring from {}, which has no state at or before its own batch time: Spark will recompute the state"
                + " from the job's first batch, reading the input again from its start",
            restore.file().getName());
      } else if (restore != null && !setAside.isEmpty()) {
        LOG.warn(
            "Restoring from {} instead: {} newer checkpoint file(s) set aside in {}",
            restore.file().getName(), setAside.size(), new Path(sparkCheckpointDir, SET_ASIDE));
      }
      return setAside;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Whether restoring {@code checkpoint} makes Spark recompute a checkpointed stream's state from the job's first
   * batch: Spark re-runs from the earliest of the checkpoint's batch time and its pending batches, and a stream whose
   * restored state RDDs are all later than that has none to start from.
   */
  public static boolean recomputesFromFirstBatch(Checkpoint checkpoint) {
    Time firstRerun = checkpoint.checkpointTime();
    for (Time pending : checkpoint.pendingTimes()) {
      if (pending.less(firstRerun)) {
        firstRerun = pending;
      }
    }
    for (DStream<?> stream : DStreams.of(checkpoint.graph())) {
      Set<Time> restored = JavaConverters.mapAsJavaMap(stream.checkpointData().currentCheckpointFiles()).keySet();
      Time start = firstRerun;
      if (!restored.isEmpty() && restored.stream().noneMatch(time -> time.lessEq(start))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether restoring the checkpoint file {@code file} makes Spark recompute a stream's state from the job's first
   * batch ({@link #recomputesFromFirstBatch(Checkpoint)}); null if the file cannot be read.
   */
  public static Boolean recomputesFromFirstBatch(Path file, Configuration hadoopConf, SparkConf sparkConf)
      throws IOException {
    Checkpoint checkpoint = read(file.getFileSystem(hadoopConf), file, sparkConf);
    return checkpoint == null ? null : recomputesFromFirstBatch(checkpoint);
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
    for (DStream<?> stream : DStreams.of(checkpoint.graph())) {
      files.addAll(JavaConverters.mapAsJavaMap(stream.checkpointData().currentCheckpointFiles()).values());
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
