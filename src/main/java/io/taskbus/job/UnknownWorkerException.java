package io.taskbus.job;

/** A heartbeat for a worker that is not registered, usually because repair removed it. */
public class UnknownWorkerException extends RuntimeException {
  public UnknownWorkerException(long workerId) {
    super("worker " + workerId + " is not registered");
  }
}
