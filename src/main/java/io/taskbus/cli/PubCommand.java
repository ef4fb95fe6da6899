package io.taskbus.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "pub",
    description =
        "Publish MESSAGE on a topic, or each line of standard input when MESSAGE is absent.")
final class PubCommand extends ClientCommand {
  @Parameters(index = "0", description = "The topic.")
  String topic;

  @Parameters(
      index = "1",
      arity = "0..1",
      description = "The message (default: read lines from stdin).")
  String message;

  @Option(names = "--mode", defaultValue = "pub", description = "pub, bus or push (default: pub).")
  String mode;

  @Override
  ApiClient.Response request() throws IOException, InterruptedException {
    String path = "/" + mode + "/" + topic;
    if (message != null) {
      return api.send("POST", path, message);
    }
    ApiClient.Response last = new ApiClient.Response(200, "");
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = lines.readLine()) != null; ) {
      last = api.send("POST", path, line);
      if (!last.ok()) {
        return last;
      }
    }
    return last;
  }
}
