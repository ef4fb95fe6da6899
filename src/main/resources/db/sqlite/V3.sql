-- Durable push/pull (see the PostgreSQL schema). Times are epoch milliseconds.
CREATE TABLE taskbus_pushes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  topic TEXT NOT NULL,
  is_binary INTEGER NOT NULL,
  payload BLOB NOT NULL,
  created INTEGER NOT NULL,
  visible INTEGER NOT NULL,
  deliveries INTEGER NOT NULL DEFAULT 0,
  holder TEXT
);
CREATE INDEX taskbus_pushes_ready ON taskbus_pushes (topic, visible, id);
CREATE INDEX taskbus_pushes_holder ON taskbus_pushes (holder);
