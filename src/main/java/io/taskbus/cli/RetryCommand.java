package io.taskbus.cli;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "retry", description = "Put a job back in its queue, optionally changing it.")
final class RetryCommand extends ClientCommand {
  @Parameters(description = "The job id.")
  long id;

  @Option(names = "--delay", description = "Seconds to wait before it may run.")
  Double delay;

  @Option(names = "--queue", description = "Move it to this queue.")
  String queue;

  @Option(names = "--priority", description = "New priority.")
  Integer priority;

  @Option(names = "--attempts", description = "New number of attempts.")
  Integer attempts;

  @Override
  ApiClient.Response request() throws IOException, InterruptedException {
    JsonObject body = new JsonObject();
    if (delay != null) {
      body.put("delay", delay);
    }
    if (queue != null) {
      body.put("queue", queue);
    }
    if (priority != null) {
      body.put("priority", priority);
    }
    if (attempts != null) {
      body.put("attempts", attempts);
    }
    return api.send("POST", "/api/jobs/" + id + "/retry", body.encode());
  }
}
