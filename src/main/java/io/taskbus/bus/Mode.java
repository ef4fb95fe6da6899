package io.taskbus.bus;

/** Mercury's URL prefixes, each a way of talking on a topic. */
public enum Mode {
  BUS,
  PUB,
  SUB,
  PUSH,
  PULL;

  public String path() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
