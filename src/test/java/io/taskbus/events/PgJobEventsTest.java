package io.taskbus.events;

import static io.taskbus.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.taskbus.job.DequeueRequest;
import io.taskbus.job.JobStore;
import io.taskbus.job.NewJob;
import io.taskbus.job.pg.PgJobStore;
import io.taskbus.stream.StreamFollower;
import io.taskbus.stream.StreamMessage;
import io.taskbus.stream.StreamStore;
import io.taskbus.stream.pg.PgStreamStore;
import io.taskbus.support.MutableClock;
import io.taskbus.support.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

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

  /** Events written before V13 kept their JSON; they are read and audited as they were. */
  @Test
  void events_stored_as_json_before_v13_read_as_they_were() {
    String old =
        "{\"event\":\"finished\",\"at\":\"2025-01-01T10:00:00+00:00\",\"node\":\"old\","
            + "\"job\":{\"id\":999,\"task\":\"old task\",\"queue\":\"old\",\"state\":\"finished\"}}";
    await(
        inTransaction(
            c ->
                c.query(
                        "WITH o AS (UPDATE taskbus_streams SET next_seq = next_seq + 1"
                            + " WHERE name = 'jobs' RETURNING next_seq - 1 AS seq)"
                            + " INSERT INTO taskbus_stream_messages"
                            + " (stream, seq, topic, is_binary, payload, time, job)"
                            + " SELECT 'jobs', seq, 'jobs/old/old task/999', FALSE,"
                            + " convert_to('"
                            + old
                            + "', 'UTF8'), now(), 999 FROM o")
                    .execute()
                    .mapEmpty()));
    long id = await(store.enqueue(List.of(NewJob.of("new task").withQueue("new")))).get(0);

    assertEquals(
        List.of(new JsonObject(old), "enqueued"),
        List.of(events().get(0), events().get(1).getString("event")));
    assertEquals(
        await(streams.read("jobs", 0, 10)).stream().map(JobEventsContract::asText).toList(),
        await(streams.follower("jobs").read(0, 10)).stream()
            .map(JobEventsContract::asText)
            .toList());
    assertEquals(List.of("999:finished"), audited(query(null, "old task", null, null, null)));
    assertEquals(List.of("999:finished"), audited(query(null, null, "old", "finished", null)));
    assertEquals(
        List.of("999:finished", id + ":enqueued"), audited(query(null, null, null, null, null)));
    assertEquals(List.of(id + ":enqueued"), audited(query(null, "new task", "new", null, null)));
  }

  /**
   * A follower writes a job's unchanging fields from an earlier event of the same try. A statement
   * that changed them without leaving the job waiting (none does; this one is written by hand)
   * counts a retry, and the follower reads that event whole instead of writing old fields.
   */
  @Test
  void a_follower_reads_whole_an_event_of_a_try_it_has_not_seen() {
    long worker = worker();
    long id = await(store.enqueue(List.of(NewJob.of("t").withPriority(1)))).get(0);
    await(store.dequeue(new DequeueRequest(worker, List.of("default"), List.of("t"), 1)));
    StreamFollower follower = streams.follower("jobs");
    List<StreamMessage> known = await(follower.read(0, 10));
    await(
        inTransaction(
            c ->
                c.query(
                        "UPDATE taskbus_jobs SET priority = 7, retries = retries + 1"
                            + " WHERE id = "
                            + id)
                    .execute()
                    .mapEmpty()));
    long last = known.get(known.size() - 1).offset();
    List<StreamMessage> followed = await(follower.read(last, 10));
    assertEquals(
        await(streams.read("jobs", last, 10)).stream().map(JobEventsContract::asText).toList(),
        followed.stream().map(JobEventsContract::asText).toList());
    assertEquals(
        7, new JsonObject(followed.get(0).payload()).getJsonObject("job").getInteger("priority"));
  }

  @Override
  protected void enqueueAndRollBack() {
    await(
        inTransaction(
                c ->
                    c.query(
                            "INSERT INTO taskbus_jobs (task, queue, args, created, delayed)"
                                + " VALUES ('t', 'default', '[]', now(), now())")
                        .execute()
                        .compose(rows -> Future.<Void>failedFuture("roll back")))
            .recover(e -> Future.succeededFuture()));
  }

  /** One transaction of the test's database, through SQL of its own. */
  private Future<Void> inTransaction(Function<SqlConnection, Future<Void>> work) {
    Pool pool = PgBuilder.pool().connectingTo(database).using(vertx).build();
    return pool.withTransaction(work).eventually(pool::close);
  }
}
