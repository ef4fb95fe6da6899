package io.taskbus.cli;

import java.io.IOException;
import picocli.CommandLine.Command;

@Command(name = "stats", description = "Show job, worker and lock counts.")
final class StatsCommand extends ClientCommand {
  @Override
  ApiClient.Response request() throws IOException, InterruptedException {
    return api.send("GET", "/api/stats", null);
  }
}
