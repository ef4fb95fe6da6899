package io.taskbus.support;

import static io.taskbus.support.Await.await;

import io.taskbus.Taskbus;
import io.taskbus.job.Job;
import io.taskbus.job.JobFilter;
import io.taskbus.job.JobState;
import java.util.List;
import java.util.function.LongPredicate;

/** Questions tests ask a node's store about its jobs. */
public final class Jobs {
  private Jobs() {}

  /** Up to 100 jobs in {@code state}, newest first. */
  public static List<Job> inState(Taskbus node, JobState state) {
    return await(node.store().jobs(filter(state))).jobs();
  }

  public static long count(Taskbus node, JobState state) {
    return await(node.store().jobs(filter(state))).total();
  }

  /** Active jobs whose worker matches. */
  public static List<Job> activeOn(Taskbus node, LongPredicate worker) {
    return inState(node, JobState.ACTIVE).stream()
        .filter(j -> j.worker() != null && worker.test(j.worker()))
        .toList();
  }

  /** The names of a job's events in the audit log, in order: enqueued, started, finished... */
  public static List<String> history(Taskbus node, long id) {
    return await(node.audit().events(io.taskbus.audit.AuditQuery.ofJob(id))).events().stream()
        .map(e -> e.event().getString("event"))
        .toList();
  }

  private static JobFilter filter(JobState state) {
    return new JobFilter(List.of(state), null, null, null, null, null, 0, 100);
  }
}
