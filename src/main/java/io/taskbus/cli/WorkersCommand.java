package io.taskbus.cli;

import java.io.IOException;
import picocli.CommandLine.Command;

@Command(name = "workers", description = "List workers and the jobs they run.")
final class WorkersCommand extends ClientCommand {
  @Override
  ApiClient.Response request() throws IOException, InterruptedException {
    return api.send("GET", "/api/workers", null);
  }
}
