package io.taskbus.job;

import static io.taskbus.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskbus.job.pg.PgJobStore;
import io.taskbus.support.Await;
import io.taskbus.support.MutableClock;
import io.taskbus.support.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.SqlClient;
import org.junit.jupiter.api.Test;

class PgJobStoreTest extends JobStoreContract {
  @Override
  protected JobStore createStore(Vertx vertx, MutableClock clock) {
    return new PgJobStore(vertx, TestPostgres.freshDatabase(), 4, clock);
  }

  /** An older node on a store a newer one migrated would misread it: it refuses, and says why. */
  @Test
  void a_store_migrated_past_this_version_is_refused_with_the_reason() {
    String database = TestPostgres.freshDatabase();
    JobStore first = new PgJobStore(vertx, database, 1, clock);
    await(first.start());
    await(first.close());
    SqlClient client = PgBuilder.client().connectingTo(database).using(vertx).build();
    await(client.query("INSERT INTO taskbus_migrations VALUES (999)").execute());
    await(client.close());

    Throwable refused = Await.failure(new PgJobStore(vertx, database, 1, clock).start());
    assertTrue(
        refused.getMessage().contains("schema is at version 999, newer than this Taskbus knows"),
        refused.getMessage());
  }
}
