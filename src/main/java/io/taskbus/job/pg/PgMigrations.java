package io.taskbus.job.pg;

import io.taskbus.job.Migrations;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;

/**
 * Applies {@code db/pg/V*.sql} in order, once, each in a transaction of its own, under an advisory
 * lock so nodes starting together do not race. A script whose first line is {@value
 * #NO_TRANSACTION} runs statement by statement outside a transaction: {@code CREATE INDEX
 * CONCURRENTLY} builds an index on a live table without stopping its writers, and cannot run in a
 * transaction. Such a script must be safe to run again: a node can stop half-way through it.
 */
public final class PgMigrations {
  private static final long MIGRATION_LOCK = 0x7461736b627573L;

  private static final String NO_TRANSACTION = "-- taskbus: no transaction";

  private PgMigrations() {}

  public static Future<Void> migrate(Pool pool) {
    // Without notices: "already exists, skipping" on every start would reach the log as warnings.
    return pool.withConnection(
        c ->
            c.query("SET client_min_messages = warning")
                .execute()
                .compose(v -> lock(c))
                .compose(v -> migrate(c))
                .eventually(
                    () ->
                        c.query(
                                "SELECT pg_advisory_unlock("
                                    + MIGRATION_LOCK
                                    + "); RESET client_min_messages")
                            .execute()));
  }

  /**
   * Waits for the lock by polling, not in {@code pg_advisory_lock}: a session waiting there holds a
   * snapshot, which {@code CREATE INDEX CONCURRENTLY} in the session holding the lock would wait
   * for, and the two would deadlock.
   */
  private static Future<Void> lock(SqlConnection c) {
    return c.query("SELECT pg_try_advisory_lock(" + MIGRATION_LOCK + ")")
        .execute()
        .compose(
            rows ->
                rows.iterator().next().getBoolean(0)
                    ? Future.succeededFuture()
                    : c.query("SELECT pg_sleep(0.1)").execute().compose(v -> lock(c)));
  }

  private static Future<Void> migrate(SqlConnection c) {
    return c.query("CREATE TABLE IF NOT EXISTS taskbus_migrations (version INT NOT NULL)")
        .execute()
        .compose(v -> c.query("SELECT COALESCE(MAX(version), 0) FROM taskbus_migrations").execute())
        .compose(
            rows -> {
              int applied = rows.iterator().next().getInteger(0);
              Future<Void> chain = Future.succeededFuture();
              List<String> scripts = Migrations.after("pg", applied);
              for (int i = 0; i < scripts.size(); i++) {
                String script = scripts.get(i);
                int version = applied + i + 1;
                chain = chain.compose(v -> apply(c, script, version));
              }
              return chain;
            });
  }

  private static Future<Void> apply(SqlConnection c, String script, int version) {
    String recorded = "INSERT INTO taskbus_migrations VALUES (" + version + ")";
    if (!script.startsWith(NO_TRANSACTION)) {
      return c.begin()
          .compose(
              tx ->
                  c.query(script)
                      .execute()
                      .compose(v -> c.query(recorded).execute())
                      .compose(v -> tx.commit())
                      .onFailure(e -> tx.rollback()));
    }
    Future<Void> chain = Future.succeededFuture();
    for (String statement : Migrations.statements(script)) {
      chain = chain.compose(v -> c.query(statement).execute().mapEmpty());
    }
    return chain.compose(v -> c.query(recorded).execute()).mapEmpty();
  }
}
