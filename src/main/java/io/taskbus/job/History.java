package io.taskbus.job;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Fills the last 24 hours, so hours without jobs show as zeros. */
public final class History {
  public static final Duration SPAN = Duration.ofHours(24);

  private History() {}

  /** {@code counts} maps the start of an hour to {finished, failed}. */
  public static List<HistoryPoint> lastDay(Instant now, Map<Instant, long[]> counts) {
    Instant current = now.truncatedTo(ChronoUnit.HOURS);
    List<HistoryPoint> points = new ArrayList<>();
    for (int i = 23; i >= 0; i--) {
      Instant hour = current.minus(Duration.ofHours(i));
      long[] count = counts.getOrDefault(hour, new long[2]);
      points.add(new HistoryPoint(hour, count[0], count[1]));
    }
    return points;
  }
}
