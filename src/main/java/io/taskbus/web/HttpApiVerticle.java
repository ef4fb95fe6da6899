package io.taskbus.web;

import io.taskbus.TaskbusConfig;
import io.taskbus.job.JobStore;
import io.taskbus.queue.RepairVerticle;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/** The HTTP API under {@code /api}, answering JSON for every outcome, errors included. */
public final class HttpApiVerticle extends VerticleBase {
  private final JobStore store;
  private final RepairVerticle repair;
  private final TaskbusConfig config;
  private HttpServer server;

  public HttpApiVerticle(JobStore store, RepairVerticle repair, TaskbusConfig config) {
    this.store = store;
    this.repair = repair;
    this.config = config;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()));
    new JobRoutes(store).mount(router);
    new AdminRoutes(store, repair).mount(router);
    router.route().failureHandler(HttpErrors::routerFailure);
    router
        .route()
        .last()
        .handler(ctx -> HttpErrors.send(ctx, 404, "no such resource: " + ctx.request().path()));
    return vertx
        .createHttpServer()
        .requestHandler(router)
        .listen(config.httpPort(), config.httpHost())
        .onSuccess(s -> server = s);
  }

  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }
}
