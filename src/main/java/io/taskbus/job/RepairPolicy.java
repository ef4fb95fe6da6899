package io.taskbus.job;

import java.time.Duration;

/**
 * When repair acts: workers silent for {@code missingAfter} are removed and their active jobs
 * failed; finished and failed jobs older than {@code removeAfter} are purged; inactive jobs waiting
 * longer than {@code stuckAfter} are failed as stuck (null: no search for stuck jobs this pass).
 */
public record RepairPolicy(Duration missingAfter, Duration removeAfter, Duration stuckAfter) {
  public static final RepairPolicy DEFAULT =
      new RepairPolicy(Duration.ofMinutes(5), Duration.ofDays(2), Duration.ofDays(2));

  /** The same upkeep, but no worker is old enough to be declared missing. */
  public RepairPolicy withoutMissingWorkers() {
    return new RepairPolicy(Duration.ofDays(36_500), removeAfter, stuckAfter);
  }

  /**
   * The same upkeep without the search for stuck jobs: it reads every waiting job, where the other
   * steps find their jobs through an index.
   */
  public RepairPolicy withoutStuckJobs() {
    return new RepairPolicy(missingAfter, removeAfter, null);
  }

  public boolean searchesStuckJobs() {
    return stuckAfter != null;
  }
}
