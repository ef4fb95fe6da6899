package io.taskbus.events;

import io.taskbus.bus.Bus;
import io.taskbus.job.Job;
import io.taskbus.job.JobState;
import io.taskbus.job.JobStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * Waits for a job's outcome by following its events (Minion's result_p polls every 3 s): it follows
 * the job events from now on, then looks at the job once, since it may have ended before.
 */
public final class JobWaiter {
  private static final Set<String> GONE = Set.of("removed", "purged", "expired");

  private final Promise<Job> done = Promise.promise();
  private final Future<Runnable> following;

  /**
   * Completes with the job once it finished, or failed with no attempts left; fails with {@link
   * NoSuchElementException} if there is no such job or it goes away first.
   */
  public static Future<Job> result(Bus bus, JobStore store, long id) {
    return new JobWaiter(bus, store, id).outcome();
  }

  public JobWaiter(Bus bus, JobStore store, long id) {
    String suffix = "/" + id;
    following =
        bus.followJobEvents(
            message -> {
              if (!message.topic().endsWith(suffix)) {
                return;
              }
              JsonObject event = new JsonObject(message.payload().toString(StandardCharsets.UTF_8));
              Job job = Job.fromJson(event.getJsonObject("job"));
              if (job.id() != id) {
                return;
              }
              if (GONE.contains(event.getString("event"))) {
                done.tryFail(
                    new NoSuchElementException("job " + id + " was " + event.getString("event")));
              } else if (isFinal(job)) {
                done.tryComplete(job);
              }
            });
    following
        .compose(stop -> store.job(id))
        .onSuccess(
            found -> {
              if (found.isEmpty()) {
                done.tryFail(new NoSuchElementException("job " + id + " does not exist"));
              } else if (isFinal(found.get())) {
                done.tryComplete(found.get());
              }
            })
        .onFailure(done::tryFail);
    done.future().onComplete(ar -> following.onSuccess(Runnable::run));
  }

  public Future<Job> outcome() {
    return done.future();
  }

  /** Stops waiting; the outcome fails with {@link CancellationException} if it had not come. */
  public void cancel() {
    done.tryFail(new CancellationException("no longer waiting"));
  }

  /** Finished, or failed with no automatic retry to come. */
  public static boolean isFinal(Job job) {
    return job.state() == JobState.FINISHED
        || (job.state() == JobState.FAILED && job.retries() + 1 >= job.attempts());
  }
}
