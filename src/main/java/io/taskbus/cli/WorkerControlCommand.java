package io.taskbus.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "command",
    description = {
      "Send a remote command to a worker (or all): stop JOB, kill JOB, pause, resume, jobs N.",
      "Workers pick commands up on their next heartbeat."
    })
final class WorkerControlCommand extends ClientCommand {
  @Parameters(index = "0", description = "stop, kill, pause, resume or jobs.")
  String command;

  @Parameters(index = "1..*", description = "Its arguments: a job id, or a number of slots.")
  List<Long> args = List.of();

  @Option(names = "--worker", description = "The worker id (default: every worker).")
  Long worker;

  @Override
  ApiClient.Response request() throws IOException, InterruptedException {
    String body =
        new JsonObject().put("command", command).put("args", new JsonArray(args)).encode();
    String path = worker == null ? "/api/workers/commands" : "/api/workers/" + worker + "/commands";
    return api.send("POST", path, body);
  }
}
