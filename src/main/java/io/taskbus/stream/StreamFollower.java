package io.taskbus.stream;

import io.vertx.core.Future;
import java.util.List;

/**
 * Reads one stream for one reader that goes through it in order, page after page (a node's live
 * feed of a stream). It answers what {@link StreamStore#read} answers for the same offsets, byte
 * for byte; a store may fetch less for what this reader has already read.
 */
@FunctionalInterface
public interface StreamFollower {
  /** Messages after {@code offset}, oldest first, at most {@code limit}. */
  Future<List<StreamMessage>> read(long offset, int limit);
}
