-- Job events. Every change of a job is appended, in the statement that makes it, to the durable
-- stream "jobs" as {"event","at","node","job":{the whole job record}} on the topic
-- jobs/{queue}/{task}/{id}. The stream row's lock orders the appends, so a job's events are in
-- the order of its changes, and a change that rolls back leaves no event. The stream is also
-- the audit log: purging jobs does not touch it, and `job` indexes a job's history.
ALTER TABLE taskbus_stream_messages ADD COLUMN job BIGINT;
CREATE INDEX taskbus_stream_messages_job ON taskbus_stream_messages (job, seq)
  WHERE job IS NOT NULL;
INSERT INTO taskbus_streams (name, epoch, created)
  VALUES ('jobs', substr(md5(random()::text), 1, 12), now()) ON CONFLICT (name) DO NOTHING;
-- The helpers below are plain SQL expressions, so the planner inlines them into the triggers'
-- queries: a statement's events cost one pass over its rows.
-- The event for one job, as stored. The record is the row as JSON (its columns are the
-- record's fields; Taskbus sessions use UTC, so times read 2026-01-01T10:00:00.123+00:00) with
-- the job's children added; `at` and `node` come as JSON text.
CREATE FUNCTION taskbus_job_event(event TEXT, at TEXT, node TEXT, j taskbus_jobs, children TEXT)
RETURNS BYTEA AS $$
  SELECT convert_to('{"event":"' || event || '","at":' || at || ',"node":' || node
    || ',"job":' || left(to_json(j)::text, -1) || ',"children":' || children || '}}', 'UTF8')
$$ LANGUAGE sql STABLE;
CREATE FUNCTION taskbus_job_topic(j taskbus_jobs) RETURNS TEXT AS $$
  SELECT 'jobs/' || j.queue || '/' || j.task || '/' || j.id
$$ LANGUAGE sql IMMUTABLE;
-- Appends a statement's events to "jobs", in the order given. The events are built before the
-- stream's row is locked, so the lock (held until commit, to keep offsets in commit order)
-- covers only drawing the offsets and inserting. Tells every node once the transaction commits.
CREATE FUNCTION taskbus_append_job_events(topics TEXT[], payloads BYTEA[], jobs BIGINT[])
RETURNS VOID AS $$
DECLARE
  n INT := COALESCE(array_length(topics, 1), 0);
  first BIGINT;
BEGIN
  IF n = 0 THEN
    RETURN;
  END IF;
  UPDATE taskbus_streams SET next_seq = next_seq + n WHERE name = 'jobs'
    RETURNING next_seq - n INTO first;
  INSERT INTO taskbus_stream_messages (stream, seq, topic, is_binary, payload, time, job)
    SELECT 'jobs', first + e.i - 1, e.topic, FALSE, e.payload, now(), e.job
    FROM unnest(topics, payloads, jobs) WITH ORDINALITY AS e(topic, payload, job, i);
  PERFORM pg_notify('taskbus_events', current_setting('application_name'));
END;
$$ LANGUAGE plpgsql;
CREATE FUNCTION taskbus_jobs_inserted_events() RETURNS trigger AS $$
DECLARE
  at TEXT := to_json(clock_timestamp())::text;
  node TEXT := to_json(current_setting('application_name'))::text;
  topics TEXT[];
  payloads BYTEA[];
  jobs BIGINT[];
BEGIN
  SELECT array_agg(taskbus_job_topic(j) ORDER BY j.id),
      array_agg(taskbus_job_event('enqueued', at, node, j, '[]') ORDER BY j.id),
      array_agg(j.id ORDER BY j.id)
    INTO topics, payloads, jobs FROM inserted j;
  PERFORM taskbus_append_job_events(topics, payloads, jobs);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
-- One UPDATE statement changes one thing about a job; the event names it.
CREATE FUNCTION taskbus_jobs_updated_events() RETURNS trigger AS $$
DECLARE
  at TEXT := to_json(clock_timestamp())::text;
  node TEXT := to_json(current_setting('application_name'))::text;
  topics TEXT[];
  payloads BYTEA[];
  jobs BIGINT[];
BEGIN
  SELECT array_agg(taskbus_job_topic(n) ORDER BY n.id),
      array_agg(taskbus_job_event(CASE
          WHEN n.retries > o.retries OR (n.state = 'inactive' AND o.state <> 'inactive')
            THEN 'retried'
          WHEN n.state = 'active' AND o.state <> 'active' THEN 'started'
          WHEN n.state = 'finished' AND o.state <> 'finished' THEN 'finished'
          WHEN n.state = 'failed' AND o.state <> 'failed' THEN 'failed'
          WHEN n.notes IS DISTINCT FROM o.notes THEN 'note'
          ELSE 'updated'
        END, at, node, n,
        (SELECT COALESCE(json_agg(c.id ORDER BY c.id)::text, '[]') FROM taskbus_jobs c
          WHERE c.parents <> '{}' AND c.parents @> ARRAY[n.id])) ORDER BY n.id),
      array_agg(n.id ORDER BY n.id)
    INTO topics, payloads, jobs FROM before_rows o JOIN after_rows n ON n.id = o.id;
  PERFORM taskbus_append_job_events(topics, payloads, jobs);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
-- Repair names why it deletes (purged, expired) in the transaction setting taskbus.reason.
CREATE FUNCTION taskbus_jobs_deleted_events() RETURNS trigger AS $$
DECLARE
  at TEXT := to_json(clock_timestamp())::text;
  node TEXT := to_json(current_setting('application_name'))::text;
  why TEXT := COALESCE(NULLIF(current_setting('taskbus.reason', TRUE), ''), 'removed');
  topics TEXT[];
  payloads BYTEA[];
  jobs BIGINT[];
BEGIN
  SELECT array_agg(taskbus_job_topic(j) ORDER BY j.id),
      array_agg(taskbus_job_event(why, at, node, j,
        (SELECT COALESCE(json_agg(c.id ORDER BY c.id)::text, '[]') FROM taskbus_jobs c
          WHERE c.parents <> '{}' AND c.parents @> ARRAY[j.id])) ORDER BY j.id),
      array_agg(j.id ORDER BY j.id)
    INTO topics, payloads, jobs FROM deleted j;
  PERFORM taskbus_append_job_events(topics, payloads, jobs);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER taskbus_jobs_insert_events AFTER INSERT ON taskbus_jobs
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT
  EXECUTE FUNCTION taskbus_jobs_inserted_events();
CREATE TRIGGER taskbus_jobs_update_events AFTER UPDATE ON taskbus_jobs
  REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows FOR EACH STATEMENT
  EXECUTE FUNCTION taskbus_jobs_updated_events();
CREATE TRIGGER taskbus_jobs_delete_events AFTER DELETE ON taskbus_jobs
  REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT
  EXECUTE FUNCTION taskbus_jobs_deleted_events();
