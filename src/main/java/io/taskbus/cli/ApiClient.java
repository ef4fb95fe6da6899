package io.taskbus.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The HTTP client behind the command line; a mixin adds {@code --url} to each command. */
public final class ApiClient {
  @Option(
      names = "--url",
      defaultValue = "${env:TASKBUS_URL:-http://127.0.0.1:8080}",
      description = "The node's HTTP address (default: ${DEFAULT-VALUE}, or $TASKBUS_URL).")
  String url;

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public record Response(int status, String body) {
    boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  Response send(String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    return new Response(response.statusCode(), response.body());
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /**
   * Prints a success body as indented JSON to {@code out}, or the error message to {@code err};
   * answers the exit code: 0 on success, 1 otherwise.
   */
  static int print(Response response, PrintWriter out, PrintWriter err) {
    if (response.ok()) {
      if (!response.body().isEmpty()) {
        out.println(pretty(response.body()));
      }
      out.flush();
      return 0;
    }
    String message = response.body();
    try {
      JsonObject error = new JsonObject(response.body());
      message = error.getString("error", response.body());
    } catch (DecodeException | ClassCastException ignored) {
      // not JSON: print as it came
    }
    err.println("error (HTTP " + response.status() + "): " + message);
    err.flush();
    return 1;
  }

  static String pretty(String json) {
    try {
      return Json.encodePrettily(Json.decodeValue(json));
    } catch (DecodeException e) {
      return json;
    }
  }
}
