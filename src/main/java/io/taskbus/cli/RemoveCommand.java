package io.taskbus.cli;

import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "remove", description = "Remove a job that is not running.")
final class RemoveCommand extends ClientCommand {
  @Parameters(description = "The job id.")
  long id;

  @Override
  ApiClient.Response request() throws IOException, InterruptedException {
    return api.send("DELETE", "/api/jobs/" + id, null);
  }
}
