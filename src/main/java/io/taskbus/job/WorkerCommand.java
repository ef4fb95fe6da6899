package io.taskbus.job;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/** A remote command for a worker, delivered through its inbox on the next heartbeat. */
public record WorkerCommand(String command, JsonArray args) {

  public static final Set<String> KNOWN = Set.of("stop", "kill", "pause", "resume", "jobs");

  public JsonObject toJson() {
    return new JsonObject().put("command", command).put("args", args);
  }

  public static WorkerCommand fromJson(JsonObject json) {
    return new WorkerCommand(json.getString("command"), json.getJsonArray("args", new JsonArray()));
  }
}
