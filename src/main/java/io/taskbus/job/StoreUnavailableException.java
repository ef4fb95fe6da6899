package io.taskbus.job;

/** The store could not be reached; the request changed nothing and may be repeated. */
public class StoreUnavailableException extends RuntimeException {
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  /** What a client is told: the request changed nothing and can be sent again. */
  public String forClients() {
    return "the job store is unavailable, try again later: " + getMessage();
  }
}
