package io.taskbus.stream;

import io.vertx.core.buffer.Buffer;
import java.time.Instant;

/**
 * A stored message: its place in the stream (epoch, offset), its topic and its bytes, and the
 * publishing connection where it was kept (else null).
 */
public record StreamMessage(
    String stream,
    String epoch,
    long offset,
    String topic,
    boolean binary,
    Buffer payload,
    Instant time,
    String sender) {}
