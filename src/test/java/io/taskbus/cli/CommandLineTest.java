package io.taskbus.cli;

import static io.taskbus.support.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskbus.Taskbus;
import io.taskbus.support.Await;
import io.taskbus.support.Nodes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

/** The command line against a running node, as a user types it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandLineTest {
  private Vertx vertx;
  private Taskbus taskbus;
  private String url;

  record Result(int exit, String out, String err) {}

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
    taskbus = Nodes.start(vertx, Nodes.examples(), "sqlite::memory:");
    url = "--url=http://127.0.0.1:" + taskbus.httpPort();
  }

  @AfterAll
  void stop() {
    await(taskbus.close());
    await(vertx.close());
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new TaskbusCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  @Test
  void enqueue_then_job_shows_the_finished_result() {
    Result enqueued =
        run(
            "enqueue",
            url,
            "echo",
            "[\"hello\", 2]",
            "--priority",
            "3",
            "--attempts",
            "2",
            "--notes",
            "{\"by\":\"cli\"}");
    assertEquals(0, enqueued.exit(), enqueued.err());
    long id = new JsonObject(enqueued.out()).getLong("id");
    Await.until(
        () ->
            new JsonObject(run("job", url, Long.toString(id)).out())
                .getString("state")
                .equals("finished"),
        20);
    JsonObject job = new JsonObject(run("job", url, Long.toString(id)).out());
    assertEquals("[\"hello\",2]", job.getJsonArray("result").encode());
    assertEquals(3, job.getInteger("priority"));
    assertEquals("cli", job.getJsonObject("notes").getString("by"));
  }

  @Test
  void enqueue_wait_prints_the_outcome_and_audit_shows_the_history() {
    Result finished = run("enqueue", url, "sleep", "[300]", "--wait");
    assertEquals(0, finished.exit(), finished.err());
    JsonObject job = new JsonObject(finished.out());
    assertEquals("finished", job.getString("state"));

    Result failed = run("enqueue", url, "fail", "[\"out of paper\"]", "--wait");
    assertEquals(1, failed.exit(), "a failed job exits 1");
    assertEquals("out of paper", new JsonObject(failed.out()).getString("result"));

    Result history = run("audit", url, "--job", job.getLong("id").toString());
    assertEquals(0, history.exit(), history.err());
    String[] lines = history.out().strip().split("\n");
    assertEquals(4, lines.length, history.out());
    assertTrue(lines[1].contains("enqueued") && lines[3].contains("finished"), history.out());

    Result jsonl = run("audit", url, "--task", "fail", "--event", "failed", "--format", "jsonl");
    assertEquals(0, jsonl.exit(), jsonl.err());
    JsonObject event = new JsonObject(jsonl.out().strip());
    assertEquals("failed", event.getString("event"));
    assertEquals("out of paper", event.getJsonObject("job").getString("result"));

    Result bad = run("audit", url, "--since", "last tuesday");
    assertEquals(1, bad.exit());
    assertTrue(bad.err().contains("since"), bad.err());
  }

  @Test
  void bad_input_prints_the_reason_and_exits_non_zero() {
    Result badArgs = run("enqueue", url, "echo", "{\"not\":\"an array\"}");
    assertEquals(2, badArgs.exit());
    assertTrue(badArgs.err().contains("ARGS must be a JSON array"), badArgs.err());
    Result badAttempts = run("enqueue", url, "echo", "--attempts", "0");
    assertEquals(1, badAttempts.exit());
    assertTrue(
        badAttempts.err().contains("attempts must be an integer between 1 and"), badAttempts.err());
    Result missing = run("job", url, "987654");
    assertEquals(1, missing.exit());
    assertTrue(missing.err().contains("job 987654 not found"), missing.err());
    Result noNode = run("stats", "--url=http://127.0.0.1:9");
    assertEquals(1, noNode.exit());
    assertTrue(noNode.err().contains("no Taskbus node answers"), noNode.err());
  }

  @Test
  void stats_jobs_workers_locks_and_commands_work() {
    assertEquals(0, run("stats", url).exit());
    assertEquals(0, run("history", url).exit());
    assertEquals(0, run("jobs", url, "--state", "finished", "--limit", "5").exit());
    Result workers = run("workers", url);
    assertEquals(1, new JsonObject(workers.out()).getJsonArray("workers").size());
    assertTrue(
        new JsonObject(run("lock", url, "nightly", "--duration", "30").out())
            .getBoolean("acquired"));
    assertTrue(!new JsonObject(run("lock", url, "nightly").out()).getBoolean("acquired"));
    assertTrue(new JsonObject(run("unlock", url, "nightly").out()).getBoolean("released"));
    assertEquals(0, run("command", url, "jobs", "8").exit());
    assertEquals(1, run("command", url, "explode").exit());
  }

  @Test
  void sub_prints_what_pub_publishes_below_its_topic() throws Exception {
    java.util.concurrent.CompletableFuture<Result> sub =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> run("sub", url, "livesys", "--count", "2"));
    Await.until(
        () -> taskbus.bus().stats().getJsonObject("connections").getInteger("sub") == 1, 20);
    assertEquals(0, run("pub", url, "livesys/42", "reboot").exit());
    assertEquals(0, run("pub", url, "livesys", "grüße").exit());
    Result printed = sub.get(20, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(0, printed.exit(), printed.err());
    String[] lines = printed.out().strip().split("\n");
    assertEquals(2, lines.length, printed.out());
    assertTrue(lines[0].endsWith(" livesys reboot"), lines[0]);
    assertTrue(lines[1].endsWith(" livesys grüße"), lines[1]);
    assertEquals(1, run("pub", url, "livesys", "x", "--mode", "sub").exit());
  }

  /** A subscriber that noted an envelope's offset and epoch resumes after it and misses nothing. */
  @Test
  void sub_resumes_job_events_after_an_offset() throws Exception {
    java.util.concurrent.CompletableFuture<Result> first =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> run("sub", url, "jobs", "--envelope", "--count", "3"));
    Await.until(
        () -> taskbus.bus().stats().getJsonObject("connections").getInteger("sub") == 1, 20);
    assertEquals(0, run("enqueue", url, "echo", "[\"again\"]", "--wait").exit());
    Result seen = first.get(20, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(0, seen.exit(), seen.err());
    String line = seen.out().strip().split("\n")[0];
    io.vertx.core.json.JsonObject enqueued =
        new io.vertx.core.json.JsonObject(line.substring(line.indexOf('{')));
    String offset = String.valueOf(enqueued.getLong("offset"));
    String epoch = enqueued.getString("epoch");

    Result resumed = run("sub", url, "jobs", "--since", offset, "--epoch", epoch, "--count", "2");
    assertEquals(0, resumed.exit(), resumed.err());
    String[] events = resumed.out().strip().split("\n");
    assertTrue(events[0].contains("{\"event\":\"started\""), events[0]);
    assertTrue(events[1].contains("{\"event\":\"finished\""), events[1]);

    Result alone = run("sub", url, "jobs", "--since", offset);
    assertEquals(2, alone.exit());
    assertTrue(alone.err().contains("--since and --epoch go together"), alone.err());
    Result stale = run("sub", url, "jobs", "--since", offset, "--epoch", "nope", "--count", "1");
    assertEquals(1, stale.exit());
    assertTrue(stale.err().contains("not recovered"), stale.err());
  }
}
