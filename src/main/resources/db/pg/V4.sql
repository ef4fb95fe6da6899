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
CREATE FUNCTION taskbus_time(t TIMESTAMPTZ) RETURNS TEXT AS $$
  SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$$ LANGUAGE sql IMMUTABLE;
-- The event for one job; `children` is passed in because a new job has none to look up.
CREATE FUNCTION taskbus_job_event(event TEXT, j taskbus_jobs, children JSONB) RETURNS JSONB AS $$
  SELECT jsonb_build_object(
    'event', event,
    'at', taskbus_time(clock_timestamp()),
    'node', current_setting('application_name'),
    'job', jsonb_build_object(
      'id', j.id, 'task', j.task, 'queue', j.queue, 'state', j.state, 'args', j.args,
      'result', j.result, 'notes', j.notes, 'priority', j.priority, 'attempts', j.attempts,
      'retries', j.retries, 'parents', to_jsonb(j.parents), 'children', children, 'lax', j.lax,
      'worker', j.worker, 'created', taskbus_time(j.created), 'delayed', taskbus_time(j.delayed),
      'started', taskbus_time(j.started), 'finished', taskbus_time(j.finished),
      'retried', taskbus_time(j.retried), 'expires', taskbus_time(j.expires)))
$$ LANGUAGE sql STABLE;
CREATE FUNCTION taskbus_job_children(parent BIGINT) RETURNS JSONB AS $$
  SELECT COALESCE(jsonb_agg(c.id ORDER BY c.id), '[]'::jsonb) FROM taskbus_jobs c
    WHERE c.parents <> '{}' AND c.parents @> ARRAY[parent]
$$ LANGUAGE sql STABLE;
-- Appends a statement's events (a JSON array, in order) with one offset draw, then tells every
-- node that the stream grew.
CREATE FUNCTION taskbus_append_job_events(events JSONB) RETURNS VOID AS $$
DECLARE
  n INT := COALESCE(jsonb_array_length(events), 0);
  first BIGINT;
BEGIN
  IF n = 0 THEN
    RETURN;
  END IF;
  UPDATE taskbus_streams SET next_seq = next_seq + n WHERE name = 'jobs'
    RETURNING next_seq - n INTO first;
  INSERT INTO taskbus_stream_messages (stream, seq, topic, is_binary, payload, time, job)
    SELECT 'jobs', first + t.i - 1,
      'jobs/' || (t.e #>> '{job,queue}') || '/' || (t.e #>> '{job,task}') || '/'
        || (t.e #>> '{job,id}'),
      FALSE, convert_to(t.e::text, 'UTF8'), now(), (t.e #>> '{job,id}')::bigint
    FROM jsonb_array_elements(events) WITH ORDINALITY AS t(e, i);
  PERFORM pg_notify('taskbus_events', current_setting('application_name'));
END;
$$ LANGUAGE plpgsql;
CREATE FUNCTION taskbus_jobs_inserted_events() RETURNS trigger AS $$
BEGIN
  PERFORM taskbus_append_job_events(
    (SELECT jsonb_agg(taskbus_job_event('enqueued', j, '[]'::jsonb) ORDER BY j.id)
      FROM inserted j));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
-- One UPDATE statement changes one thing about a job; the event names it.
CREATE FUNCTION taskbus_jobs_updated_events() RETURNS trigger AS $$
BEGIN
  PERFORM taskbus_append_job_events(
    (SELECT jsonb_agg(taskbus_job_event(e.event, n, taskbus_job_children(n.id)) ORDER BY n.id)
      FROM before_rows o JOIN after_rows n ON n.id = o.id,
      LATERAL (SELECT CASE
        WHEN n.retries > o.retries OR (n.state = 'inactive' AND o.state <> 'inactive')
          THEN 'retried'
        WHEN n.state = 'active' AND o.state <> 'active' THEN 'started'
        WHEN n.state = 'finished' AND o.state <> 'finished' THEN 'finished'
        WHEN n.state = 'failed' AND o.state <> 'failed' THEN 'failed'
        WHEN n.notes IS DISTINCT FROM o.notes THEN 'note'
        WHEN n IS DISTINCT FROM o THEN 'updated'
      END AS event) e
      WHERE e.event IS NOT NULL));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
-- Repair names why it deletes (purged, expired) in the transaction setting taskbus.reason.
CREATE FUNCTION taskbus_jobs_deleted_events() RETURNS trigger AS $$
BEGIN
  PERFORM taskbus_append_job_events(
    (SELECT jsonb_agg(taskbus_job_event(
        COALESCE(NULLIF(current_setting('taskbus.reason', TRUE), ''), 'removed'), j,
        taskbus_job_children(j.id)) ORDER BY j.id)
      FROM deleted j));
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
