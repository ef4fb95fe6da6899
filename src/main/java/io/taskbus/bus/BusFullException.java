package io.taskbus.bus;

/** A push found no puller and its topic's waiting queue is full. */
public class BusFullException extends RuntimeException {
  public BusFullException(String message) {
    super(message);
  }
}
