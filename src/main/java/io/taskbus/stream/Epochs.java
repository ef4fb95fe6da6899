package io.taskbus.stream;

import java.util.UUID;

/**
 * A new epoch: unique, so a stream reset (or a stream recreated elsewhere) never looks the same.
 */
public final class Epochs {
  private Epochs() {}

  public static String next() {
    return UUID.randomUUID().toString().substring(0, 13).replace("-", "");
  }
}
