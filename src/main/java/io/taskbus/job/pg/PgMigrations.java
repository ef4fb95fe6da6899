package io.taskbus.job.pg;

import io.taskbus.job.Migrations;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;

/**
 * Applies {@code db/pg/V*.sql} in order, once, under an advisory lock so nodes starting together do
 * not race.
 */
public final class PgMigrations {
  private static final long MIGRATION_LOCK = 0x7461736b627573L;

  private PgMigrations() {}

  public static Future<Void> migrate(Pool pool) {
    return pool.withTransaction(PgMigrations::migrate);
  }

  private static Future<Void> migrate(SqlConnection c) {
    return c.query("SELECT 1 FROM pg_advisory_xact_lock(" + MIGRATION_LOCK + ")")
        .execute()
        .compose(v -> c.query("SELECT to_regclass('taskbus_migrations') IS NOT NULL").execute())
        .compose(
            exists ->
                exists.iterator().next().getBoolean(0)
                    ? Future.succeededFuture()
                    : c.query("CREATE TABLE taskbus_migrations (version INT NOT NULL)").execute())
        .compose(v -> c.query("SELECT COALESCE(MAX(version), 0) FROM taskbus_migrations").execute())
        .compose(
            rows -> {
              int applied = rows.iterator().next().getInteger(0);
              Future<Void> chain = Future.succeededFuture();
              List<String> scripts = Migrations.after("pg", applied);
              for (int i = 0; i < scripts.size(); i++) {
                String script = scripts.get(i);
                int version = applied + i + 1;
                chain =
                    chain
                        .compose(x -> c.query(script).execute())
                        .compose(
                            x ->
                                c.query("INSERT INTO taskbus_migrations VALUES (" + version + ")")
                                    .execute())
                        .mapEmpty();
              }
              return chain;
            });
  }
}
