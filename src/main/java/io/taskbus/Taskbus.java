package io.taskbus;

import io.taskbus.audit.AuditLog;
import io.taskbus.bus.Bus;
import io.taskbus.events.JobEvents;
import io.taskbus.events.JobWaiter;
import io.taskbus.job.Backoff;
import io.taskbus.job.Job;
import io.taskbus.job.JobStore;
import io.taskbus.job.JobStores;
import io.taskbus.job.NewJob;
import io.taskbus.job.sqlite.SqliteJobStore;
import io.taskbus.queue.Addresses;
import io.taskbus.queue.DispatchVerticle;
import io.taskbus.queue.EnqueueBatch;
import io.taskbus.queue.EnqueueVerticle;
import io.taskbus.queue.ExecutionVerticle;
import io.taskbus.queue.IdleWorkers;
import io.taskbus.queue.PluginLoader;
import io.taskbus.queue.RepairVerticle;
import io.taskbus.queue.TaskRegistry;
import io.taskbus.stream.StreamStore;
import io.taskbus.stream.pg.PgStreamStore;
import io.taskbus.stream.sqlite.SqliteStreamStore;
import io.taskbus.web.HttpApiVerticle;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The front object: deploys a Taskbus node into any {@link Vertx} and enqueues jobs. Other Vert.x
 * applications can instead deploy only the verticles they need ({@link EnqueueVerticle}, {@link
 * DispatchVerticle}, {@link ExecutionVerticle}, {@link RepairVerticle}, {@link HttpApiVerticle})
 * around a {@link JobStore} of their own.
 */
public final class Taskbus {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Taskbus.class);
  private final Vertx vertx;
  private final JobStore store;
  private final List<String> deployments = new ArrayList<>();
  private RepairVerticle repair;
  private ExecutionVerticle executor;
  private HttpApiVerticle api;
  private Bus bus;
  private StreamStore streams;
  private AuditLog audit;
  private final Clock clock;
  private long auditTrimmer = -1;

  private Taskbus(Vertx vertx, JobStore store, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.clock = clock;
  }

  /** A node with the tasks of every plugin on the class path and in the plugins folder. */
  public static Future<Taskbus> deploy(Vertx vertx, TaskbusConfig config) {
    TaskRegistry registry = new TaskRegistry();
    PluginLoader.load(config.plugins(), Taskbus.class.getClassLoader())
        .forEach(registry::addPlugin);
    return deploy(vertx, config, registry, Clock.systemUTC());
  }

  /** A node whose worker runs the tasks in {@code registry}. */
  public static Future<Taskbus> deploy(
      Vertx vertx, TaskbusConfig config, TaskRegistry registry, Clock clock) {
    JobStore store;
    try {
      store = JobStores.open(vertx, config.store(), config.storePoolSize(), clock, config.node());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    Taskbus taskbus = new Taskbus(vertx, store, clock);
    return store
        .start()
        .compose(v -> taskbus.deployVerticles(config, registry))
        .map(taskbus)
        .recover(e -> taskbus.close().transform(x -> Future.failedFuture(e)));
  }

  private Future<Void> deployVerticles(TaskbusConfig config, TaskRegistry registry) {
    repair = new RepairVerticle(store, config.repair(), Backoff.MINION, config.repairInterval());
    IdleWorkers idleWorkers = new IdleWorkers();
    Future<Void> chain =
        deployOne(new EnqueueVerticle(store, idleWorkers))
            .compose(v -> deployOne(new DispatchVerticle(store, config.dispatchBatch())))
            .compose(v -> deployOne(repair));
    if (config.worker()) {
      executor =
          new ExecutionVerticle(store, registry, Backoff.MINION, config.execution(), idleWorkers);
      chain = chain.compose(v -> deployOne(executor));
    }
    // Job events always need the streams; durable topics use them too.
    streams = openStreams(config);
    chain = chain.compose(v -> streams.start());
    chain =
        chain.compose(
            v -> {
              bus = new Bus(vertx, config.bus(), streams);
              store.onJobsChanged(bus::jobsChanged);
              return bus.start();
            });
    if (config.auditMaxAge() != null) {
      Duration maxAge = config.auditMaxAge();
      // Once a minute, or often enough that nothing outlives a short limit by much.
      long interval = Math.max(100, Math.min(60_000, maxAge.toMillis() / 2));
      auditTrimmer =
          vertx.setPeriodic(
              interval,
              t ->
                  streams
                      .trim(JobEvents.STREAM, Long.MAX_VALUE, maxAge)
                      .onFailure(
                          e -> log.warn("Could not trim the audit log: {}", e.getMessage())));
    }
    if (config.http()) {
      chain =
          chain.compose(
              v -> {
                api = new HttpApiVerticle(store, repair, bus, audit, config);
                return deployOne(api);
              });
    }
    return chain;
  }

  /** Durable streams live in the job store's database: the same SQLite file, or PostgreSQL. */
  private StreamStore openStreams(TaskbusConfig config) {
    if (store instanceof SqliteJobStore sqlite) {
      SqliteStreamStore sqliteStreams = new SqliteStreamStore(sqlite.database(), clock, false);
      audit = sqliteStreams.audit();
      return sqliteStreams;
    }
    PgStreamStore pgStreams =
        new PgStreamStore(vertx, config.store(), Math.max(2, config.storePoolSize() / 2), clock);
    audit = pgStreams.audit();
    return pgStreams;
  }

  private Future<Void> deployOne(Deployable verticle) {
    return vertx
        .deployVerticle(verticle)
        .map(
            id -> {
              deployments.add(id);
              return null;
            });
  }

  public Future<Long> enqueue(NewJob job) {
    return enqueue(List.of(job)).map(ids -> ids.get(0));
  }

  public Future<List<Long>> enqueue(List<NewJob> jobs) {
    return vertx
        .eventBus()
        .<JsonObject>request(Addresses.ENQUEUE, new EnqueueBatch(jobs))
        .map(
            reply ->
                reply.body().getJsonArray("ids").stream()
                    .map(id -> ((Number) id).longValue())
                    .toList());
  }

  public Future<Optional<Job>> job(long id) {
    return store.job(id);
  }

  /**
   * Completes with the job once it finished, or failed with no attempts left; fails if the job does
   * not exist or is removed first. Driven by job events, not by polling.
   */
  public Future<Job> result(long id) {
    return JobWaiter.result(bus, store, id);
  }

  public JobStore store() {
    return store;
  }

  /** Every job event, kept after the jobs themselves are purged. */
  public AuditLog audit() {
    return audit;
  }

  public Bus bus() {
    return bus;
  }

  public RepairVerticle repair() {
    return repair;
  }

  /** This node's worker id, or -1 when it runs no worker. */
  public long workerId() {
    return executor == null ? -1 : executor.workerId();
  }

  /** The port the HTTP API listens on (useful with port 0). */
  public int httpPort() {
    return api == null ? -1 : api.actualPort();
  }

  /** Stops the verticles (a worker finishes or returns its jobs) and closes the store. */
  public Future<Void> close() {
    vertx.cancelTimer(auditTrimmer);
    List<String> ids = new ArrayList<>(deployments);
    Collections.reverse(ids);
    Future<Void> chain = Future.succeededFuture();
    for (String id : ids) {
      chain = chain.compose(v -> vertx.undeploy(id).recover(e -> Future.succeededFuture()));
    }
    deployments.clear();
    if (bus != null) {
      chain = chain.compose(v -> bus.stop());
    }
    if (streams != null) {
      chain = chain.compose(v -> streams.close());
    }
    return chain.eventually(store::close);
  }
}
