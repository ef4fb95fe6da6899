package io.taskbus.stream;

/** Where an append landed: offsets {@code first} to {@code first + count - 1} of {@code epoch}. */
public record Appended(String epoch, long first, int count) {
  public long last() {
    return first + count - 1;
  }
}
