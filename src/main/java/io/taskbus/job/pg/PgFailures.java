package io.taskbus.job.pg;

import io.taskbus.job.StoreUnavailableException;
import io.taskbus.job.UnknownWorkerException;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;

/**
 * Tells a PostgreSQL that cannot serve now (answered 503 with Retry-After) from a wrong request.
 */
public final class PgFailures {
  private PgFailures() {}

  /**
   * Failures to reach PostgreSQL become {@link StoreUnavailableException}; answers from the server
   * (SQL errors) and our own refusals stay as they are.
   */
  public static <T> Future<T> unavailableOnFailure(Future<T> future) {
    return future.recover(
        e ->
            (e instanceof PgException pg && !unavailable(pg))
                    || e instanceof UnknownWorkerException
                    || e instanceof IllegalArgumentException
                ? Future.failedFuture(e)
                : Future.failedFuture(
                    new StoreUnavailableException("PostgreSQL: " + e.getMessage(), e)));
  }

  /**
   * Server answers that mean "not now" rather than "wrong": connection errors (class 08), a server
   * shutting down or starting up (57P01–57P03), too many connections (53300).
   */
  private static boolean unavailable(PgException e) {
    String state = e.getSqlState() == null ? "" : e.getSqlState();
    return state.startsWith("08") || state.startsWith("57P") || state.equals("53300");
  }
}
