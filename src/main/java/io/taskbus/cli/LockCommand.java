package io.taskbus.cli;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "lock", description = "Take a named lock; prints whether it was acquired.")
final class LockCommand extends ClientCommand {
  @Parameters(description = "The lock name.")
  String name;

  @Option(
      names = "--duration",
      defaultValue = "60",
      description = "Seconds until it expires (default: 60).")
  double duration;

  @Option(
      names = "--limit",
      defaultValue = "1",
      description = "How many may hold it at once (default: 1).")
  int limit;

  @Override
  ApiClient.Response request() throws IOException, InterruptedException {
    String body = new JsonObject().put("duration", duration).put("limit", limit).encode();
    return api.send("POST", "/api/locks/" + ApiClient.encode(name), body);
  }
}
