package io.taskbus.job;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where jobs, workers and locks live. This interface is the contract that every backend honours;
 * {@code JobStoreContract} in the tests runs it against each one.
 *
 * <p>Every state change is guarded: completions and retries name the job's {@code retries} as they
 * saw it, and change nothing if the job moved on meanwhile.
 */
public interface JobStore {

  /** Creates or migrates the schema. */
  Future<Void> start();

  Future<Void> close();

  /** Stores new jobs in one transaction; answers their ids in the order given. */
  Future<List<Long>> enqueue(List<NewJob> jobs);

  /**
   * Takes up to {@code limit} ready jobs and marks them active for the worker: inactive, due, not
   * expired, parents done (finished, or failed when {@code lax}); priority first, then age. No job
   * is handed to two workers.
   */
  Future<List<Job>> dequeue(DequeueRequest request);

  /**
   * Stores new jobs and, in the same transaction, dequeues for an idle worker exactly as {@link
   * #dequeue} would, so a new job can start without waiting for the worker to ask. Jobs left ready
   * wake the dispatchers as {@link #enqueue} does.
   */
  Future<Handoff> enqueueAndDequeue(List<NewJob> jobs, DequeueRequest request);

  /**
   * Records outcomes. A failed job with attempts left goes back to inactive after {@code backoff}.
   * Answers how many completions applied; stale ones (job retried, removed or repaired meanwhile)
   * are skipped.
   */
  Future<Integer> complete(List<Completion> completions, Backoff backoff);

  Future<Optional<Job>> job(long id);

  Future<JobPage> jobs(JobFilter filter);

  /** Puts a job back to inactive if its retries still equal {@code retries}. */
  Future<Boolean> retry(long id, int retries, RetryOptions options);

  /** Removes a job that is not active. */
  Future<Boolean> remove(long id);

  /** Merges {@code changes} into the job's notes; a null value removes its key. */
  Future<Boolean> note(long id, JsonObject changes);

  Future<Stats> stats();

  /** Finished and failed jobs per hour over the last day. */
  Future<List<HistoryPoint>> history();

  Future<Long> registerWorker(WorkerInfo info);

  /**
   * Records that the worker is alive and takes the commands waiting for it; fails if the worker is
   * not registered (repair removed it).
   */
  Future<List<WorkerCommand>> heartbeat(long workerId, JsonObject status);

  Future<Void> unregisterWorker(long workerId);

  Future<List<Worker>> workers();

  /** Queues a command for one worker, or for all when {@code workerId} is null. */
  Future<Integer> command(Long workerId, WorkerCommand command);

  /** Takes a named lock if fewer than {@code limit} holders have it unexpired. */
  Future<Boolean> lock(String name, Duration duration, int limit);

  /** Releases the holder of the named lock that expires soonest. */
  Future<Boolean> unlock(String name);

  Future<RepairReport> repair(RepairPolicy policy, Backoff backoff);

  /**
   * Called when jobs may have become ready (enqueued or retried, on any node sharing the store).
   */
  void onJobsReady(Runnable listener);

  /**
   * Called after job events were committed to the {@code jobs} stream, by this node or by another
   * sharing the store. Every job change writes its event in the same transaction (by triggers in
   * the schema), so this is how a node learns that the stream grew.
   */
  void onJobsChanged(Runnable listener);
}
