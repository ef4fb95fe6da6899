package io.taskbus.stream;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The durable log behind durable topics. Contract ({@code StreamStoreContract} runs it on every
 * backend): offsets of a stream are dense, start at 1, and commit in offset order, so a reader that
 * has seen offset N has seen everything below it; an append is stored when its future succeeds;
 * history survives restarts.
 */
public interface StreamStore {
  Future<Void> start();

  Future<Void> close();

  /** Appends in one transaction; creates the stream (with a new epoch) on first use. */
  Future<Appended> append(String stream, List<NewMessage> messages);

  /** Messages after {@code offset}, oldest first, at most {@code limit}. */
  Future<List<StreamMessage>> read(String stream, long offset, int limit);

  /**
   * A reader of {@code stream} for one follower that reads it in order: see {@link StreamFollower}.
   */
  default StreamFollower follower(String stream) {
    return (offset, limit) -> read(stream, offset, limit);
  }

  Future<Optional<StreamPosition>> position(String stream);

  /** Drops messages beyond the newest {@code maxCount} or older than {@code maxAge}. */
  Future<Integer> trim(String stream, long maxCount, Duration maxAge);

  /** Starts a new epoch: history is dropped and resuming clients are told so. */
  Future<StreamPosition> reset(String stream);
}
