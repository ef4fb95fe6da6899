package io.taskbus.queue;

import io.taskbus.job.Job;
import io.taskbus.job.JobStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** A job this worker is running now. */
final class RunningJob implements JobContext {
  private final Job job;
  private final JobStore store;
  private volatile boolean stopRequested;
  private volatile Thread thread;
  private boolean done;

  RunningJob(Job job, JobStore store) {
    this.job = job;
    this.store = store;
  }

  @Override
  public Job job() {
    return job;
  }

  @Override
  public Future<Boolean> note(JsonObject changes) {
    return store.note(job.id(), changes);
  }

  @Override
  public boolean stopRequested() {
    return stopRequested;
  }

  void requestStop() {
    stopRequested = true;
  }

  void runningOn(Thread thread) {
    this.thread = thread;
  }

  /** Interrupts a blocking task's thread, if it is running on one. */
  void interrupt() {
    Thread current = thread;
    if (current != null) {
      current.interrupt();
    }
  }

  /** Marks the job done; false if it was done already (killed, then returned). */
  boolean markDone() {
    if (done) {
      return false;
    }
    done = true;
    return true;
  }
}
