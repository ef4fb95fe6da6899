package io.taskbus.cli;

import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "job", description = "Show everything about one job.")
final class JobCommand extends ClientCommand {
  @Parameters(description = "The job id.")
  long id;

  @Override
  ApiClient.Response request() throws IOException, InterruptedException {
    return api.send("GET", "/api/jobs/" + id, null);
  }
}
