package io.taskbus.job;

/**
 * The outcome of one run of a job. {@code retries} is the job's version when it was dequeued: a
 * completion for a job that was retried or repaired meanwhile changes nothing.
 */
public record Completion(long jobId, int retries, boolean succeeded, Object result) {

  public static Completion finished(Job job, Object result) {
    return new Completion(job.id(), job.retries(), true, result);
  }

  public static Completion failed(Job job, Object reason) {
    return new Completion(job.id(), job.retries(), false, reason);
  }
}
