package io.taskbus.cli;

import java.io.IOException;
import picocli.CommandLine.Command;

@Command(name = "history", description = "Show finished and failed jobs per hour for the last day.")
final class HistoryCommand extends ClientCommand {
  @Override
  ApiClient.Response request() throws IOException, InterruptedException {
    return api.send("GET", "/api/history", null);
  }
}
