package io.taskbus.events.pg;

import static io.taskbus.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.taskbus.job.pg.PgJobStore;
import io.taskbus.support.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PgJobEventColumnsTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  /** Events from before V13 and after it write their times alike. */
  @Test
  void times_read_as_postgresql_writes_them_in_json() {
    SqlClient client =
        PgBuilder.client()
            .connectingTo(PgJobStore.options(TestPostgres.freshDatabase(), "test"))
            .using(vertx)
            .build();
    try {
      int compared = 0;
      for (Row row :
          await(
              client
                  .query(
                      "SELECT t, to_json(t)::text FROM unnest(ARRAY['2026-01-01 10:00:00+00',"
                          + " '2026-01-01 10:00:00.1+00', '2026-12-31 23:59:59.999999+00',"
                          + " '2026-06-15 12:30:45.000120+02', '1999-02-03 04:05:06.54321-05',"
                          + " '0900-01-01 00:00:00.5+00']::timestamptz[]) AS t")
                  .execute())) {
        assertEquals(row.getString(1), new JsonBytes(4).time(row.getOffsetDateTime(0)).toString());
        compared++;
      }
      assertEquals(6, compared);
    } finally {
      await(client.close());
    }
  }
}
