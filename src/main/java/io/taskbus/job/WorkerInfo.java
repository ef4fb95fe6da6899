package io.taskbus.job;

import io.vertx.core.json.JsonObject;

/** What a worker says about itself when it registers and on every heartbeat. */
public record WorkerInfo(String host, long pid, JsonObject status) {}
