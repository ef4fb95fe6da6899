-- Job events (see the PostgreSQL schema): triggers append every job change, in the transaction
-- that makes it, to the durable stream "jobs" on jobs/{queue}/{task}/{id}; the stream is also
-- the audit log, and `job` indexes a job's history.
ALTER TABLE taskbus_stream_messages ADD COLUMN job INTEGER;
CREATE INDEX taskbus_stream_messages_job ON taskbus_stream_messages (job, seq)
  WHERE job IS NOT NULL;
INSERT OR IGNORE INTO taskbus_streams (name, epoch, created)
  VALUES ('jobs', lower(hex(randomblob(6))), CAST(unixepoch('subsec') * 1000 AS INTEGER));
-- The node writing (set when the store opens) and why repair deletes jobs (purged, expired).
CREATE TABLE taskbus_event_context (node TEXT NOT NULL, reason TEXT);
INSERT INTO taskbus_event_context (node) VALUES ('');
-- The whole record of each job as JSON, times as ISO-8601 in UTC.
CREATE VIEW taskbus_job_records AS SELECT j.id, j.queue, j.task, json_object(
  'id', j.id, 'task', j.task, 'queue', j.queue, 'state', j.state, 'args', json(j.args),
  'result', json(j.result), 'notes', json(j.notes), 'priority', j.priority,
  'attempts', j.attempts, 'retries', j.retries, 'parents', json(j.parents),
  'children', (SELECT json_group_array(child) FROM
    (SELECT child FROM taskbus_job_parents WHERE parent = j.id ORDER BY child)),
  'lax', json(CASE WHEN j.lax THEN 'true' ELSE 'false' END), 'worker', j.worker,
  'created', strftime('%Y-%m-%dT%H:%M:%S', j.created / 1000, 'unixepoch')
    || printf('.%03dZ', j.created % 1000),
  'delayed', strftime('%Y-%m-%dT%H:%M:%S', j.delayed / 1000, 'unixepoch')
    || printf('.%03dZ', j.delayed % 1000),
  'started', strftime('%Y-%m-%dT%H:%M:%S', j.started / 1000, 'unixepoch')
    || printf('.%03dZ', j.started % 1000),
  'finished', strftime('%Y-%m-%dT%H:%M:%S', j.finished / 1000, 'unixepoch')
    || printf('.%03dZ', j.finished % 1000),
  'retried', strftime('%Y-%m-%dT%H:%M:%S', j.retried / 1000, 'unixepoch')
    || printf('.%03dZ', j.retried % 1000),
  'expires', strftime('%Y-%m-%dT%H:%M:%S', j.expires / 1000, 'unixepoch')
    || printf('.%03dZ', j.expires % 1000)) AS record
  FROM taskbus_jobs j;
-- One event: draws the next offset of "jobs" and appends the record under it.
CREATE VIEW taskbus_job_event_rows AS SELECT r.id, r.queue, r.task, r.record, c.node, c.reason,
  CAST(unixepoch('subsec') * 1000 AS INTEGER) AS now
  FROM taskbus_job_records r, taskbus_event_context c;
CREATE TRIGGER taskbus_jobs_insert_events AFTER INSERT ON taskbus_jobs
BEGIN
  UPDATE taskbus_streams SET next_seq = next_seq + 1 WHERE name = 'jobs';
  INSERT INTO taskbus_stream_messages (stream, seq, topic, is_binary, payload, time, job)
    SELECT 'jobs', s.next_seq - 1, 'jobs/' || e.queue || '/' || e.task || '/' || e.id, 0,
      CAST(json_object('event', 'enqueued',
        'at', strftime('%Y-%m-%dT%H:%M:%S', e.now / 1000, 'unixepoch') || printf('.%03dZ', e.now % 1000),
        'node', e.node, 'job', json(e.record)) AS BLOB), e.now, e.id
    FROM taskbus_job_event_rows e, taskbus_streams s WHERE e.id = NEW.id AND s.name = 'jobs';
END;
CREATE TRIGGER taskbus_jobs_update_events AFTER UPDATE ON taskbus_jobs
  WHEN NEW.state <> OLD.state OR NEW.retries <> OLD.retries OR NEW.notes <> OLD.notes
BEGIN
  UPDATE taskbus_streams SET next_seq = next_seq + 1 WHERE name = 'jobs';
  INSERT INTO taskbus_stream_messages (stream, seq, topic, is_binary, payload, time, job)
    SELECT 'jobs', s.next_seq - 1, 'jobs/' || e.queue || '/' || e.task || '/' || e.id, 0,
      CAST(json_object('event', CASE
          WHEN NEW.retries > OLD.retries OR (NEW.state = 'inactive' AND OLD.state <> 'inactive')
            THEN 'retried'
          WHEN NEW.state = 'active' AND OLD.state <> 'active' THEN 'started'
          WHEN NEW.state = 'finished' AND OLD.state <> 'finished' THEN 'finished'
          WHEN NEW.state = 'failed' AND OLD.state <> 'failed' THEN 'failed'
          ELSE 'note' END,
        'at', strftime('%Y-%m-%dT%H:%M:%S', e.now / 1000, 'unixepoch') || printf('.%03dZ', e.now % 1000),
        'node', e.node, 'job', json(e.record)) AS BLOB), e.now, e.id
    FROM taskbus_job_event_rows e, taskbus_streams s WHERE e.id = NEW.id AND s.name = 'jobs';
END;
-- Before the delete, while the record can still be read.
CREATE TRIGGER taskbus_jobs_delete_events BEFORE DELETE ON taskbus_jobs
BEGIN
  UPDATE taskbus_streams SET next_seq = next_seq + 1 WHERE name = 'jobs';
  INSERT INTO taskbus_stream_messages (stream, seq, topic, is_binary, payload, time, job)
    SELECT 'jobs', s.next_seq - 1, 'jobs/' || e.queue || '/' || e.task || '/' || e.id, 0,
      CAST(json_object('event', COALESCE(e.reason, 'removed'),
        'at', strftime('%Y-%m-%dT%H:%M:%S', e.now / 1000, 'unixepoch') || printf('.%03dZ', e.now % 1000),
        'node', e.node, 'job', json(e.record)) AS BLOB), e.now, e.id
    FROM taskbus_job_event_rows e, taskbus_streams s WHERE e.id = OLD.id AND s.name = 'jobs';
END;
