-- The connection that published a message to /bus peers, so a peer that reads its own message
-- back from the stream (it resumed, or the message was stored before its subscription started)
-- still gets no echo of it. NULL for everything else.
ALTER TABLE taskbus_stream_messages ADD COLUMN sender TEXT;
