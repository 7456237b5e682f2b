package com.ridecounts.it.harness;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Bounded waiting without sleeps: the condition itself blocks for a short while (typically a Kafka {@code poll}) and
 * is re-evaluated until it holds or the deadline passes. A timeout is a test failure that says what was awaited and
 * what was observed.
 */
public final class Await {
  private Await() {}

  /**
   * Evaluates {@code condition} until it returns true.
   *
   * @param what what is awaited, for the failure message
   * @param timeout upper bound of the wait
   * @param condition a check that should block briefly (e.g. poll a consumer for 200 ms) before answering
   * @param observed describes the current state when the wait fails
   * @return the time waited
   */
  public static Duration until(String what, Duration timeout, BooleanSupplier condition, Supplier<String> observed) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (true) {
      if (condition.getAsBoolean()) {
        return Duration.ofNanos(System.nanoTime() - start);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; observed: " + observed.get());
      }
    }
  }
}
