-- Durable streams: per-stream epoch and dense offsets. A writer takes the stream's row lock to
-- draw its offsets and keeps it until commit, so offsets commit in order: a reader that saw
-- offset N has seen every offset below N (no gaps from transactions committing out of order).
CREATE TABLE taskbus_streams (
  name TEXT PRIMARY KEY,
  epoch TEXT NOT NULL,
  next_seq BIGINT NOT NULL DEFAULT 1,
  first_seq BIGINT NOT NULL DEFAULT 1,
  created TIMESTAMPTZ NOT NULL
);
CREATE TABLE taskbus_stream_messages (
  stream TEXT NOT NULL,
  seq BIGINT NOT NULL,
  topic TEXT NOT NULL,
  is_binary BOOLEAN NOT NULL,
  payload BYTEA NOT NULL,
  time TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (stream, seq)
);
