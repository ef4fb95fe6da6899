-- The connection that published a message to /bus peers (see the PostgreSQL schema).
ALTER TABLE taskbus_stream_messages ADD COLUMN sender TEXT;
