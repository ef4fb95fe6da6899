-- Durable streams: per-stream epoch and dense offsets (see the PostgreSQL schema).
CREATE TABLE taskbus_streams (
  name TEXT PRIMARY KEY,
  epoch TEXT NOT NULL,
  next_seq INTEGER NOT NULL DEFAULT 1,
  first_seq INTEGER NOT NULL DEFAULT 1,
  created INTEGER NOT NULL
);
CREATE TABLE taskbus_stream_messages (
  stream TEXT NOT NULL,
  seq INTEGER NOT NULL,
  topic TEXT NOT NULL,
  is_binary INTEGER NOT NULL,
  payload BLOB NOT NULL,
  time INTEGER NOT NULL,
  PRIMARY KEY (stream, seq)
);
