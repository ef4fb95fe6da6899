package io.taskbus.queue;

import io.taskbus.job.DequeueRequest;
import io.taskbus.job.Job;
import io.taskbus.job.NewJob;
import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Workers of this node whose queues are drained lend their free slots here, so the enqueue path can
 * dequeue for them in the enqueue's own transaction: a new job then starts without a wake-up and a
 * dequeue statement of its own. Slots an enqueue takes are reserved until its jobs are delivered; a
 * worker closes its offer before it dequeues by itself and counts the reserved slots as busy.
 * Thread-safe: workers and the enqueue verticle run on their own contexts.
 */
public final class IdleWorkers {

  /** One worker's lent slots. Mutable, guarded by the {@link IdleWorkers} that holds it. */
  static final class Offer {
    private final long workerId;
    private final List<String> queues;
    private final List<String> tasks;
    private final Context context;
    private final BiConsumer<Reservation, List<Job>> handler;
    private int slots;
    private int reserved;
    private boolean open;

    /** {@code handler} runs on {@code context} with each reservation's jobs. */
    Offer(
        long workerId,
        List<String> queues,
        List<String> tasks,
        Context context,
        BiConsumer<Reservation, List<Job>> handler) {
      this.workerId = workerId;
      this.queues = List.copyOf(queues);
      this.tasks = List.copyOf(tasks);
      this.context = context;
      this.handler = handler;
    }

    private int fitting(List<NewJob> jobs) {
      int n = 0;
      for (NewJob job : jobs) {
        if (job.delay().isZero() && queues.contains(job.queue()) && tasks.contains(job.task())) {
          n++;
        }
      }
      return n;
    }
  }

  /** Slots one enqueue took from an offer. */
  record Reservation(Offer offer, int slots) {
    DequeueRequest request() {
      return new DequeueRequest(offer.workerId, offer.queues, offer.tasks, slots);
    }

    /** Hands the jobs dequeued for it (none if the enqueue failed) to the worker, once. */
    void deliver(List<Job> jobs) {
      offer.context.runOnContext(v -> offer.handler.accept(this, jobs));
    }
  }

  private final List<Offer> offers = new ArrayList<>();

  /** Lends {@code free} slots, less those still reserved by enqueues in flight. */
  synchronized void open(Offer offer, int free) {
    offer.slots = Math.max(0, free - offer.reserved);
    if (!offer.open) {
      offer.open = true;
      offers.add(offer);
    }
  }

  /** Takes back the lent slots; answers how many enqueues in flight still hold (busy slots). */
  synchronized int close(Offer offer) {
    if (offer.open) {
      offer.open = false;
      offers.remove(offer);
    }
    offer.slots = 0;
    return offer.reserved;
  }

  /** Slots reserved by enqueues whose jobs have not been delivered yet. */
  synchronized int reserved(Offer offer) {
    return offer.reserved;
  }

  /** Reserves slots of an offer for as many of these jobs as could be ready for it, or null. */
  synchronized Reservation take(List<NewJob> jobs) {
    for (Offer offer : offers) {
      int n = Math.min(offer.slots, offer.fitting(jobs));
      if (n > 0) {
        offer.slots -= n;
        offer.reserved += n;
        return new Reservation(offer, n);
      }
    }
    return null;
  }

  /**
   * The worker has taken in a reservation's jobs (call after counting them as running): the
   * reservation ends, and slots it did not fill go back to the offer if it is still open.
   */
  synchronized void settle(Reservation reservation, int delivered) {
    Offer offer = reservation.offer;
    offer.reserved -= reservation.slots;
    if (offer.open) {
      offer.slots += reservation.slots - delivered;
    }
  }
}
