package io.taskbus.queue;

import io.taskbus.job.Backoff;
import io.taskbus.job.Completion;
import io.taskbus.job.Job;
import io.taskbus.job.JobStore;
import io.taskbus.job.UnknownWorkerException;
import io.taskbus.job.WorkerCommand;
import io.taskbus.job.WorkerInfo;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker: registers itself, asks dispatch for as many jobs as it has free slots, runs them
 * (blocking tasks on a worker pool, asynchronous ones on its event loop), writes outcomes in
 * batches, heartbeats, and obeys remote commands from its inbox.
 */
public final class ExecutionVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(ExecutionVerticle.class);
  static final String STOPPED = "Worker stopped before the job finished";

  private final JobStore store;
  private final TaskRegistry registry;
  private final Backoff backoff;
  private final ExecutionOptions options;
  private final Map<Long, RunningJob> running = new LinkedHashMap<>();
  private CompletionWriter completions;
  private WorkerExecutor blockingPool;
  private volatile long workerId;
  private int capacity;
  private boolean paused;
  private boolean stopping;
  private boolean fetching;
  private boolean wakePending;
  private boolean fetchScheduled;
  private boolean backlog;
  private Promise<Void> idle;
  private final IdleWorkers idleWorkers;

  /** Free slots lent to the enqueue path while the queues are drained; null without one. */
  private IdleWorkers.Offer offer;

  public ExecutionVerticle(
      JobStore store, TaskRegistry registry, Backoff backoff, ExecutionOptions options) {
    this(store, registry, backoff, options, null);
  }

  /** A worker that, when idle, offers its free slots to the enqueue path of this node. */
  public ExecutionVerticle(
      JobStore store,
      TaskRegistry registry,
      Backoff backoff,
      ExecutionOptions options,
      IdleWorkers idleWorkers) {
    this.idleWorkers = idleWorkers;
    this.store = store;
    this.registry = registry;
    this.backoff = backoff;
    this.options = options;
    this.capacity = options.jobs();
  }

  public long workerId() {
    return workerId;
  }

  @Override
  public Future<?> start() {
    JobBatch.registerCodec(vertx);
    ResultSpool spool = new ResultSpool(vertx, options.spool());
    completions = new CompletionWriter(vertx, store, backoff, spool);
    blockingPool =
        vertx.createSharedWorkerExecutor(
            "taskbus-tasks-" + System.identityHashCode(this), Math.max(capacity, 16));
    return store
        .registerWorker(new WorkerInfo(host(), ProcessHandle.current().pid(), status()))
        .compose(
            id -> {
              workerId = id;
              offer = newOffer();
              log.info(
                  "Worker {} serves queues {} with tasks {}",
                  id,
                  options.queues(),
                  registry.names());
              vertx.setPeriodic(options.pollInterval().toMillis(), t -> fetch());
              vertx.setPeriodic(options.heartbeatInterval().toMillis(), t -> heartbeat());
              return vertx
                  .eventBus()
                  .localConsumer(Addresses.JOBS_READY, m -> fetch())
                  .completion();
            })
        .compose(v -> spool.load())
        .map(
            kept -> {
              completions.replay(kept);
              return null;
            })
        .onSuccess(v -> fetch());
  }

  private JsonObject status() {
    return new JsonObject()
        .put("queues", new JsonArray(options.queues()))
        .put("tasks", new JsonArray(registry.names()))
        .put("jobs", capacity)
        .put("paused", paused);
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "localhost";
    }
  }

  private void fetch() {
    int free = capacity - running.size();
    if (paused || stopping || free <= 0 || registry.names().isEmpty()) {
      return;
    }
    if (fetching) {
      wakePending = true;
      return;
    }
    // The lent slots come back for this dequeue; those an enqueue holds stay busy until delivered.
    free -= stopLending();
    if (free <= 0) {
      wakePending = true;
      return;
    }
    fetching = true;
    wakePending = false;
    JsonObject request =
        new JsonObject()
            .put("worker", workerId)
            .put("queues", new JsonArray(options.queues()))
            .put("tasks", new JsonArray(registry.names()))
            .put("limit", free);
    vertx
        .eventBus()
        .<JobBatch>request(Addresses.DISPATCH, request)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                fetching = false;
                idleIfStopping();
                log.warn("Could not take jobs, will ask again: {}", ar.cause().getMessage());
                return;
              }
              JobBatch batch = ar.result().body();
              List<Job> jobs = batch.jobs();
              // Jobs that arrive while stopping still run: stop() waits for them. Jobs that finish
              // at once ask for more only after the whole batch started, so dequeues stay large.
              jobs.forEach(this::run);
              fetching = false;
              // A full batch means more may be waiting: free slots ask again. A short one means
              // the queue is drained, so wait to be woken instead of asking for nothing.
              backlog = batch.full();
              idleIfStopping();
              if (backlog || wakePending) {
                fetch();
              } else {
                lend();
              }
            });
  }

  /** The queues are drained: new jobs may be dequeued for this worker as they are enqueued. */
  private void lend() {
    if (offer != null && !paused && !stopping && !fetching) {
      idleWorkers.open(offer, capacity - running.size());
    }
  }

  private IdleWorkers.Offer newOffer() {
    return idleWorkers == null
        ? null
        : new IdleWorkers.Offer(
            workerId, options.queues(), registry.names(), context, this::handedOver);
  }

  /** Takes the lent slots back; answers how many enqueues in flight still hold. */
  private int stopLending() {
    return offer == null ? 0 : idleWorkers.close(offer);
  }

  /** Jobs an enqueue dequeued for this worker's lent slots (none if that enqueue failed). */
  private void handedOver(IdleWorkers.Reservation reservation, List<Job> jobs) {
    jobs.forEach(this::run);
    idleWorkers.settle(reservation, jobs.size());
    idleIfStopping();
    if (wakePending) {
      fetch();
    }
  }

  private void run(Job job) {
    RunningJob context = new RunningJob(job, store);
    running.put(job.id(), context);
    Future<Object> outcome;
    try {
      outcome =
          start(
              context,
              registry
                  .handler(job.task())
                  .orElseThrow(
                      () ->
                          new IllegalStateException(
                              "Task \"" + job.task() + "\" is not registered on this worker")));
    } catch (Throwable e) {
      outcome = Future.failedFuture(e);
    }
    outcome.onComplete(
        ar -> {
          if (ar.succeeded()) {
            done(context, true, ar.result());
          } else {
            done(context, false, reason(ar.cause()));
          }
        });
  }

  private Future<Object> start(RunningJob context, TaskRegistry.Handler handler) {
    if (handler instanceof TaskRegistry.Blocking blocking) {
      return blockingPool.executeBlocking(
          () -> {
            context.runningOn(Thread.currentThread());
            try {
              return blocking.task().run(context);
            } finally {
              context.runningOn(null);
            }
          },
          false);
    }
    Future<Object> future = ((TaskRegistry.Async) handler).task().run(context);
    return future == null ? Future.succeededFuture() : future;
  }

  private static String reason(Throwable e) {
    return e.getMessage() == null ? e.getClass().getName() : e.getMessage();
  }

  private void done(RunningJob context, boolean succeeded, Object result) {
    if (!context.markDone()) {
      return;
    }
    running.remove(context.id());
    Completion completion;
    try {
      Object json = result == null ? null : Json.decodeValue(Json.encode(result));
      completion = new Completion(context.id(), context.job().retries(), succeeded, json);
    } catch (RuntimeException e) {
      completion = Completion.failed(context.job(), "Result is not JSON: " + reason(e));
    }
    completions.add(completion);
    idleIfStopping();
    if (backlog) {
      fetchSoon();
    } else {
      lend();
    }
  }

  /** Fetches once after the current event-loop turn, so jobs finishing together ask together. */
  private void fetchSoon() {
    if (!fetchScheduled) {
      fetchScheduled = true;
      context.runOnContext(
          v -> {
            fetchScheduled = false;
            fetch();
          });
    }
  }

  private void idleIfStopping() {
    boolean handoffsInFlight = offer != null && idleWorkers.reserved(offer) > 0;
    if (stopping && !fetching && !handoffsInFlight && running.isEmpty()) {
      idle.tryComplete();
    }
  }

  private void heartbeat() {
    store
        .heartbeat(workerId, status())
        .onSuccess(
            commands -> {
              completions.storeReachable();
              commands.forEach(this::obey);
            })
        .onFailure(
            e -> {
              if (e instanceof UnknownWorkerException) {
                reregister();
              } else {
                log.warn("Heartbeat failed: {}", e.getMessage());
              }
            });
  }

  /**
   * Repair removed this worker (it was silent too long) and failed the jobs it had; their outcomes
   * are ignored now. Register again so new jobs are taken under a live id.
   */
  private void reregister() {
    long old = workerId;
    store
        .registerWorker(new WorkerInfo(host(), ProcessHandle.current().pid(), status()))
        .onSuccess(
            id -> {
              workerId = id;
              // Slots lent under the old id would start jobs for a worker that no longer exists.
              stopLending();
              offer = newOffer();
              log.warn("Worker {} was declared missing; registered again as worker {}", old, id);
            })
        .onFailure(e -> log.warn("Could not register again: {}", e.getMessage()));
  }

  /** Applies a remote command; unknown ones are logged and ignored. */
  void obey(WorkerCommand command) {
    JsonArray args = command.args();
    switch (command.command()) {
      case "pause" -> {
        paused = true;
        stopLending();
      }
      case "resume" -> {
        paused = false;
        fetch();
      }
      case "jobs" -> {
        if (args.size() > 0 && args.getValue(0) instanceof Number n) {
          capacity = Math.max(0, n.intValue());
        }
        // Slots lent for the old capacity come back; the ask below lends anew.
        stopLending();
        fetch();
      }
      case "stop" -> forJob(args, RunningJob::requestStop);
      case "kill" ->
          forJob(
              args,
              job -> {
                job.requestStop();
                job.interrupt();
                done(job, false, "Job was killed by a remote command");
              });
      default -> log.warn("Ignoring unknown command {}", command.toJson().encode());
    }
  }

  private void forJob(JsonArray args, java.util.function.Consumer<RunningJob> action) {
    if (args.size() > 0 && args.getValue(0) instanceof Number id) {
      RunningJob job = running.get(id.longValue());
      if (job != null) {
        action.accept(job);
      }
    }
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    stopLending();
    Promise<Void> finished = Promise.promise();
    idle = finished;
    idleIfStopping();
    long timer =
        vertx.setTimer(
            options.shutdownGrace().toMillis(),
            t -> {
              List.copyOf(running.values()).forEach(job -> done(job, false, STOPPED));
              finished.tryComplete();
            });
    return finished
        .future()
        .compose(
            v -> {
              vertx.cancelTimer(timer);
              return completions.drained();
            })
        .compose(v -> store.unregisterWorker(workerId))
        .eventually(() -> blockingPool.close());
  }
}
