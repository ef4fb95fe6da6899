package io.taskbus.cli;

import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "note", description = "Merge notes into a job; a null value removes a key.")
final class NoteCommand extends ClientCommand {
  @Parameters(index = "0", description = "The job id.")
  long id;

  @Parameters(index = "1", description = "Notes as a JSON object, like '{\"progress\": 50}'.")
  String notes;

  @Override
  ApiClient.Response request() throws IOException, InterruptedException {
    return api.send("PATCH", "/api/jobs/" + id + "/notes", notes);
  }
}
