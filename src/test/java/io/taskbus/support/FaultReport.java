package io.taskbus.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * One report of every fault scenario that ran: jobs enqueued / finished / lost / run twice and
 * messages acknowledged / delivered / lost / twice. Fault tests record their counts (and assert
 * lost and twice are 0); the report is printed and written to {@code target/fault-report.txt} once
 * all tests have run.
 */
public final class FaultReport implements TestExecutionListener {
  /** What happened to the jobs or messages of one scenario. */
  public record Counts(long sent, long done, long lost, long twice) {}

  private static final List<String> ROWS = new ArrayList<>();
  private static final String FORMAT = "%-48s %8s %8s %5s %5s | %8s %9s %5s %5s%n";

  public static Counts counts(long sent, long done, long lost, long twice) {
    return new Counts(sent, done, lost, twice);
  }

  /** Records a scenario; {@code jobs} or {@code messages} is null where it has none. */
  public static synchronized void record(String scenario, Counts jobs, Counts messages) {
    String row =
        String.format(
            FORMAT,
            scenario,
            jobs == null ? "-" : jobs.sent(),
            jobs == null ? "-" : jobs.done(),
            jobs == null ? "-" : jobs.lost(),
            jobs == null ? "-" : jobs.twice(),
            messages == null ? "-" : messages.sent(),
            messages == null ? "-" : messages.done(),
            messages == null ? "-" : messages.lost(),
            messages == null ? "-" : messages.twice());
    ROWS.add(row);
    System.out.print(header() + row);
  }

  private static String header() {
    return String.format(
        FORMAT,
        "fault scenario",
        "enqueued",
        "finished",
        "lost",
        "twice",
        "acked",
        "delivered",
        "lost",
        "twice");
  }

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    String report;
    synchronized (FaultReport.class) {
      if (ROWS.isEmpty()) {
        return;
      }
      report = header() + String.join("", ROWS);
    }
    System.out.println("\nFault scenarios (jobs | messages):\n" + report);
    Path target = Path.of("target");
    if (Files.isDirectory(target)) {
      try {
        Files.writeString(target.resolve("fault-report.txt"), report);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
