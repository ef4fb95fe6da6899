package io.taskbus.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that makes one request to a node and prints the answer. */
abstract class ClientCommand implements Callable<Integer> {
  @Mixin ApiClient api;
  @Spec CommandSpec spec;

  abstract ApiClient.Response request() throws IOException, InterruptedException;

  /** Prints the answer; the exit code is 0 for a 2xx answer. */
  int outcome(ApiClient.Response response, PrintWriter out, PrintWriter err) {
    return ApiClient.print(response, out, err);
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return outcome(request(), out, err);
    } catch (IOException e) {
      return failed(api, err, e);
    }
  }

  /** Prints why a node could not be asked; answers the exit code. */
  static int failed(ApiClient api, PrintWriter err, IOException e) {
    if (e instanceof ConnectException) {
      err.println("error: no Taskbus node answers at " + api.url + " (start one with: taskbus up)");
    } else {
      err.println("error: " + e.getMessage());
    }
    err.flush();
    return 1;
  }
}
