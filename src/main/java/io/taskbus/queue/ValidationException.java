package io.taskbus.queue;

import io.vertx.core.json.JsonObject;

/** Input a user sent that cannot be accepted; the message says what is accepted. */
public class ValidationException extends RuntimeException {
  private final String field;

  public ValidationException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }

  /** {@code field} is left out when the whole input is at fault (it is empty then). */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("error", getMessage());
    return field.isEmpty() ? json : json.put("field", field);
  }
}
