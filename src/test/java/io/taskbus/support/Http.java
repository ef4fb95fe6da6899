package io.taskbus.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A real HTTP client against a node's API. */
public final class Http {
  private final HttpClient client = HttpClient.newHttpClient();
  private final String base;

  public Http(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  public HttpResponse<String> send(String method, String path, String body) {
    return send(
        method,
        path,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body),
        "application/json");
  }

  /** POSTs {@code body} as it is, with {@code contentType}. */
  public HttpResponse<String> post(String path, byte[] body, String contentType) {
    return send("POST", path, HttpRequest.BodyPublishers.ofByteArray(body), contentType);
  }

  private HttpResponse<String> send(
      String method, String path, HttpRequest.BodyPublisher body, String contentType) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .method(method, body)
            .header("Content-Type", contentType)
            .build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<String> get(String path) {
    return send("GET", path, null);
  }

  public HttpResponse<String> post(String path, String body) {
    return send("POST", path, body);
  }
}
