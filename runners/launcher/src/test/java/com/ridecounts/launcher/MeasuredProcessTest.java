package com.ridecounts.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeasuredProcessTest {
  private static final String STATUS =
      String.join(
          "\n",
          "Name:\tjava",
          "VmPeak:\t 5123456 kB",
          "VmSize:\t 5012345 kB",
          "VmHWM:\t  834512 kB",
          "VmRSS:\t  801234 kB",
          "Threads:\t42",
          "");

  @Test
  void readsThePeakResidentSetFromProcStatus() {
    assertEquals(OptionalLong.of(834_512), MeasuredProcess.parseVmHwmKb(STATUS));
  }

  @Test
  void aStatusWithoutVmHwmHasNoPeak() {
    // a kernel thread or a zombie process has no memory lines
    assertEquals(OptionalLong.empty(), MeasuredProcess.parseVmHwmKb("Name:\tkworker/0:1\nState:\tI (idle)\n"));
  }

  @Test
  void runsAChildWithItsOutputInTheLogAndItsExitCode(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("child/replay.log");
    MeasuredProcess.Result result =
        MeasuredProcess.run(List.of("sh", "-c", "echo to-stdout; echo to-stderr >&2; sleep 0.5; exit 3"), log,
            Duration.ofSeconds(30));
    assertEquals(3, result.exitCode());
    String output = Files.readString(log);
    assertTrue(output.contains("to-stdout") && output.contains("to-stderr"), output);
    if (Files.isDirectory(Path.of("/proc/self"))) {
      assertTrue(result.peakRssMb() != null && result.peakRssMb() > 0, "peak RSS of a running shell");
    }
  }

  @Test
  void aChildPastItsTimeoutIsDestroyed(@TempDir Path dir) throws Exception {
    MeasuredProcess.Result result =
        MeasuredProcess.run(List.of("sleep", "30"), dir.resolve("log"), Duration.ofMillis(500));
    assertEquals(-1, result.exitCode());
  }

  @Test
  void aStartedChildIsStoppedWithSigterm(@TempDir Path dir) throws Exception {
    MeasuredProcess.Running running =
        MeasuredProcess.start(List.of("sh", "-c", "trap 'echo stopping; exit 7' TERM; while true; do sleep 0.1; done"),
            dir.resolve("log"));
    Thread.sleep(500);
    assertTrue(running.isAlive());
    MeasuredProcess.Result result = running.stop(Duration.ofSeconds(10));
    assertEquals(7, result.exitCode());
    assertTrue(Files.readString(dir.resolve("log")).contains("stopping"));
  }
}
