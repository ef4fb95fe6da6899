-- Durable push/pull: messages wait here until a puller takes them; a taken message is leased
-- (invisible until `visible`) and deleted when acknowledged, so an unacknowledged one returns.
CREATE TABLE taskbus_pushes (
  id BIGSERIAL PRIMARY KEY,
  topic TEXT NOT NULL,
  is_binary BOOLEAN NOT NULL,
  payload BYTEA NOT NULL,
  created TIMESTAMPTZ NOT NULL,
  visible TIMESTAMPTZ NOT NULL,
  deliveries INT NOT NULL DEFAULT 0,
  holder TEXT
);
CREATE INDEX taskbus_pushes_ready ON taskbus_pushes (topic, visible, id);
CREATE INDEX taskbus_pushes_holder ON taskbus_pushes (holder) WHERE holder IS NOT NULL;
