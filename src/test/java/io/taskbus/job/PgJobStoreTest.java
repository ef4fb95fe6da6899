package io.taskbus.job;

import static io.taskbus.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskbus.job.pg.PgJobStore;
import io.taskbus.support.Await;
import io.taskbus.support.MutableClock;
import io.taskbus.support.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import org.junit.jupiter.api.Test;

class PgJobStoreTest extends JobStoreContract {
  @Override
  protected JobStore createStore(Vertx vertx, MutableClock clock) {
    return new PgJobStore(vertx, TestPostgres.freshDatabase(), 4, clock);
  }

  /** A fresh database with this version's schema (a store started on it once). */
  private String migratedDatabase() {
    String database = TestPostgres.freshDatabase();
    JobStore first = new PgJobStore(vertx, database, 1, clock);
    await(first.start());
    await(first.close());
    return database;
  }

  /** An older node on a store a newer one migrated would misread it: it refuses, and says why. */
  @Test
  void a_store_migrated_past_this_version_is_refused_with_the_reason() {
    String database = migratedDatabase();
    SqlClient client = PgBuilder.client().connectingTo(database).using(vertx).build();
    await(client.query("INSERT INTO taskbus_migrations VALUES (999)").execute());
    await(client.close());

    Throwable refused = Await.failure(new PgJobStore(vertx, database, 1, clock).start());
    assertTrue(
        refused.getMessage().contains("schema is at version 999, newer than this Taskbus knows"),
        refused.getMessage());
  }

  /**
   * The repair pass's expiry delete, as the pool runs it (a generic plan), can use an index of the
   * expiring jobs: without one it reads every job, on every node, every 30 s.
   */
  @Test
  void expired_jobs_are_found_without_reading_every_job() {
    SqlClient client = PgBuilder.client().connectingTo(migratedDatabase()).using(vertx).build();
    try {
      // One session: the settings hold for the plan below. Seq scans off, so the plan shows
      // which index the query can use rather than what a tiny table makes cheapest.
      RowSet<Row> result =
          await(
              client
                  .query(
                      "SET enable_seqscan = off; SET plan_cache_mode = force_generic_plan;"
                          + " PREPARE expired(timestamptz) AS DELETE FROM taskbus_jobs"
                          + " WHERE state = 'inactive' AND expires <= $1;"
                          + " EXPLAIN EXECUTE expired(now())")
                  .execute());
      while (result.next() != null) {
        result = result.next(); // the last statement's rows: the plan
      }
      StringBuilder plan = new StringBuilder();
      result.forEach(row -> plan.append(row.getString(0)).append('\n'));
      assertTrue(plan.toString().contains("taskbus_jobs_expiring"), plan.toString());
    } finally {
      await(client.close());
    }
  }
}
