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

/** Waits for a job's outcome by following its events (Minion's result_p polls every 3 s). */
public final class JobWaiter {
  private static final Set<String> GONE = Set.of("removed", "purged", "expired");

  private JobWaiter() {}

  /**
   * Completes with the job once it finished, or failed with no attempts left; fails with {@link
   * NoSuchElementException} if there is no such job or it goes away first.
   */
  public static Future<Job> result(Bus bus, JobStore store, long id) {
    Promise<Job> done = Promise.promise();
    String suffix = "/" + id;
    Future<Runnable> following =
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
    // Events from now on are followed; the job may have ended before, so look at it once.
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
    return done.future().onComplete(ar -> following.onSuccess(Runnable::run));
  }

  /** Finished, or failed with no automatic retry to come. */
  public static boolean isFinal(Job job) {
    return job.state() == JobState.FINISHED
        || (job.state() == JobState.FAILED && job.retries() + 1 >= job.attempts());
  }
}
