package io.taskbus.stream;

/**
 * A stream's state: its epoch, the oldest offset still held, and the offset the next message gets.
 * A reader resuming after offset N of the same epoch misses nothing if N + 1 ≥ first.
 */
public record StreamPosition(String epoch, long first, long next) {
  /** Whether everything after {@code offset} of {@code epoch} can still be replayed. */
  public boolean canResume(String epoch, long offset) {
    return this.epoch.equals(epoch) && offset + 1 >= first && offset < next;
  }
}
