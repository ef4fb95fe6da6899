package io.taskbus.web;

import io.taskbus.TaskbusConfig;
import io.taskbus.audit.AuditLog;
import io.taskbus.bus.BridgeRoutes;
import io.taskbus.bus.Bus;
import io.taskbus.job.JobStore;
import io.taskbus.queue.RepairVerticle;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The node's HTTP server: the job API under {@code /api} and the bus bridge on Mercury's paths.
 * Every error answers JSON.
 */
public final class HttpApiVerticle extends VerticleBase {
  private final JobStore store;
  private final RepairVerticle repair;
  private final Bus bus;
  private final AuditLog audit;
  private final TaskbusConfig config;
  private HttpServer server;

  public HttpApiVerticle(
      JobStore store, RepairVerticle repair, Bus bus, AuditLog audit, TaskbusConfig config) {
    this.store = store;
    this.repair = repair;
    this.bus = bus;
    this.audit = audit;
    this.config = config;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()));
    new JobRoutes(store).mount(router);
    new AdminRoutes(store, repair).mount(router);
    new EventRoutes(store, bus, audit).mount(router);
    router.get("/api/bus").handler(ctx -> JobRoutes.json(ctx, 200, bus.stats()));
    new BridgeRoutes(vertx, bus).mount(router);
    router.route().failureHandler(HttpErrors::routerFailure);
    router
        .route()
        .last()
        .handler(ctx -> HttpErrors.send(ctx, 404, "no such resource: " + ctx.request().path()));
    return vertx
        .createHttpServer(
            new HttpServerOptions()
                // Messages over bus.max-message-bytes are refused with 1009 by the bridge; a
                // single frame beyond this hard cap is dropped by the decoder itself.
                .setMaxWebSocketFrameSize(Math.max(1 << 20, 4 * config.bus().maxMessageBytes())))
        .connectionHandler(WriteBatching::install)
        .requestHandler(router)
        .listen(config.httpPort(), config.httpHost())
        .onSuccess(s -> server = s);
  }

  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }
}
