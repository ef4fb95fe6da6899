package io.taskbus.cli;

import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "unlock", description = "Release a named lock.")
final class UnlockCommand extends ClientCommand {
  @Parameters(description = "The lock name.")
  String name;

  @Override
  ApiClient.Response request() throws IOException, InterruptedException {
    return api.send("DELETE", "/api/locks/" + ApiClient.encode(name), null);
  }
}
