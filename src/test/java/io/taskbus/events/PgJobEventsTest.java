package io.taskbus.events;

import static io.taskbus.support.Await.await;

import io.taskbus.job.JobStore;
import io.taskbus.job.pg.PgJobStore;
import io.taskbus.stream.StreamStore;
import io.taskbus.stream.pg.PgStreamStore;
import io.taskbus.support.MutableClock;
import io.taskbus.support.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;

class PgJobEventsTest extends JobEventsContract {
  private String database;

  @Override
  protected JobStore createStore(Vertx vertx, MutableClock clock) {
    database = TestPostgres.freshDatabase();
    return new PgJobStore(vertx, database, 4, clock, NODE);
  }

  @Override
  protected StreamStore streamsOf(JobStore store) {
    return new PgStreamStore(vertx, database, 2, clock);
  }

  @Override
  protected void enqueueAndRollBack() {
    Pool pool = PgBuilder.pool().connectingTo(database).using(vertx).build();
    try {
      await(
          pool.withTransaction(
                  c ->
                      c.query(
                              "INSERT INTO taskbus_jobs (task, queue, args, created, delayed)"
                                  + " VALUES ('t', 'default', '[]', now(), now())")
                          .execute()
                          .compose(rows -> Future.failedFuture("roll back")))
              .recover(e -> Future.succeededFuture()));
    } finally {
      await(pool.close());
    }
  }
}
