package io.taskbus.job;

import static io.taskbus.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskbus.job.pg.PgJobStore;
import io.taskbus.support.MutableClock;
import io.taskbus.support.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Schema migrations on PostgreSQL, as nodes of one store run them. */
class PgMigrationsTest {
  private Vertx vertx;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  /**
   * Nodes starting together on an empty store: one migrates, the others wait, and every version is
   * applied once. Waiting in {@code pg_advisory_lock} would hold a snapshot that the concurrent
   * index build of V15 waits for: PostgreSQL would end one of them as a deadlock.
   */
  @Test
  void nodes_starting_together_on_an_empty_store_all_start_and_each_version_is_applied_once() {
    String database = TestPostgres.freshDatabase();
    List<JobStore> stores = new ArrayList<>();
    List<Future<Void>> started = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      JobStore store = new PgJobStore(vertx, database, 2, clock);
      stores.add(store);
      started.add(store.start());
    }
    try {
      await(Future.all(started));
      SqlClient client = PgBuilder.client().connectingTo(database).using(vertx).build();
      try {
        Row versions =
            await(
                    client
                        .query(
                            "SELECT count(*), count(DISTINCT version), max(version)"
                                + " FROM taskbus_migrations")
                        .execute())
                .iterator()
                .next();
        assertEquals(versions.getLong(0), versions.getLong(1), "a version applied twice");
        assertEquals(versions.getInteger(2).longValue(), versions.getLong(0), "a version missing");
        assertTrue(validIndex(client, "taskbus_jobs_expiring"));
      } finally {
        await(client.close());
      }
    } finally {
      stores.forEach(store -> await(store.close()));
    }
  }

  /**
   * V15 builds its index concurrently, outside a transaction, so a node that stops half-way leaves
   * an invalid index and no record of the version: the next node runs the script again, and it must
   * replace that index rather than fail or keep it.
   */
  @Test
  void the_concurrent_index_build_runs_again_over_an_invalid_index_left_by_a_stopped_node()
      throws IOException {
    String database = TestPostgres.freshDatabase();
    JobStore store = new PgJobStore(vertx, database, 1, clock);
    await(store.start());
    await(store.close());
    SqlClient client = PgBuilder.client().connectingTo(database).using(vertx).build();
    try {
      await(
          client
              .query(
                  "UPDATE pg_index SET indisvalid = false"
                      + " WHERE indexrelid = 'taskbus_jobs_expiring'::regclass")
              .execute());
      assertTrue(!validIndex(client, "taskbus_jobs_expiring"));

      for (String statement : Migrations.statements(script("db/pg/V15.sql"))) {
        await(client.query(statement).execute());
      }

      assertTrue(validIndex(client, "taskbus_jobs_expiring"));
    } finally {
      await(client.close());
    }
  }

  private static boolean validIndex(SqlClient client, String name) {
    return await(
            client
                .query(
                    "SELECT indisvalid FROM pg_index WHERE indexrelid = '" + name + "'::regclass")
                .execute())
        .iterator()
        .next()
        .getBoolean(0);
  }

  private static String script(String path) throws IOException {
    try (InputStream in = PgMigrationsTest.class.getClassLoader().getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
