package io.taskbus.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time the whole machine spent working (user, nice, system, irq, softirq), from Linux's {@code
 * /proc/stat}: the node, PostgreSQL and the benchmark's clients together. On a shared 2-core
 * machine this varies less than throughput, which also moves with what the neighbours do.
 */
final class MachineCpu {
  private static final Path STAT = Path.of("/proc/stat");
  // Linux reports in USER_HZ ticks, 100 per second on every common configuration.
  private static final long MICROS_PER_TICK = 10_000;

  private MachineCpu() {}

  /** CPU time this JVM has used, in microseconds. */
  static long processMicros() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1000;
  }

  /** Busy CPU time in microseconds since boot, or -1 where /proc/stat is not there. */
  static long busyMicros() {
    try {
      String[] fields = Files.readAllLines(STAT).get(0).trim().split("\\s+");
      long ticks = 0;
      for (int i : new int[] {1, 2, 3, 6, 7}) {
        ticks += Long.parseLong(fields[i]);
      }
      return ticks * MICROS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
