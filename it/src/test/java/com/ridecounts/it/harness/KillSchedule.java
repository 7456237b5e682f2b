package com.ridecounts.it.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * When to SIGKILL each run of a job that is killed and restarted repeatedly, drawn from a seeded {@link Random} so
 * that a failing schedule can be replayed ({@code -DrepeatedKill.seed=<seed>}). Delays count from a point of the run
 * the caller observes, not from the JVM's start, so that a slow start on a loaded machine does not turn every kill
 * into a kill during start-up: the first kill is early (a few seconds after the job started processing: during the
 * first micro-batch or checkpoint), the {@code midBacklogRun}-th kill comes right after the restarted job's first new
 * output (while it works through the backlog that piled up while it was down), the others at a random time after the
 * job started.
 */
public final class KillSchedule {
  /** How one kill is placed. */
  public enum Kind {
    /** {@code delayMillis} after the job started processing, early in the run. */
    EARLY,
    /** {@code delayMillis} after the run's first new output. */
    MID_BACKLOG,
    /** {@code delayMillis} after the job started processing. */
    RANDOM
  }

  /** One kill: how it is placed and its delay. */
  public record Kill(Kind kind, long delayMillis) {}

  private KillSchedule() {}

  /** The seed to use: the system property {@code repeatedKill.seed} if set, else a fresh one. */
  public static long seed() {
    Long given = Long.getLong("repeatedKill.seed");
    return given != null ? given : new Random().nextLong();
  }

  /**
   * {@code kills} kills: the first EARLY ({@code earlyMillis[0]..earlyMillis[1]}), the {@code midBacklogRun}-th
   * MID_BACKLOG ({@code 0..midBacklogMillis}), the others RANDOM ({@code randomMillis[0]..randomMillis[1]}).
   */
  public static List<Kill> draw(
      long seed, int kills, int midBacklogRun, long[] earlyMillis, long midBacklogMillis, long[] randomMillis) {
    Random random = new Random(seed);
    List<Kill> schedule = new ArrayList<>();
    for (int i = 0; i < kills; i++) {
      if (i == 0) {
        schedule.add(new Kill(Kind.EARLY, between(random, earlyMillis[0], earlyMillis[1])));
      } else if (i == midBacklogRun) {
        schedule.add(new Kill(Kind.MID_BACKLOG, between(random, 0, midBacklogMillis)));
      } else {
        schedule.add(new Kill(Kind.RANDOM, between(random, randomMillis[0], randomMillis[1])));
      }
    }
    return schedule;
  }

  private static long between(Random random, long low, long high) {
    return low + (long) (random.nextDouble() * (high - low));
  }
}
