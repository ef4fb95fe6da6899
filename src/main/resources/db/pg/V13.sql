-- Job events are stored as columns, not as JSON. Building each event's JSON in the statement
-- that changed the job was about a third of PostgreSQL's work per job (one session, 40 x 256
-- jobs enqueued, started and finished: 1.5 s with JSON, 1.1 s with columns); a node now builds
-- the JSON when it reads an event, which it only does for subscribers and the audit log.
-- Events written before this keep their payload and are read as they are.
-- The event's record is the job's columns in taskbus_jobs' order, job (the id) first; its time
-- is the statement's clock time, job_node the node that made the change (application_name).
-- job_children is in no particular order (the node sorts it): a sort for every changed row was
-- about a sixth of an update's work.
ALTER TABLE taskbus_stream_messages
  ALTER COLUMN payload DROP NOT NULL,
  ADD COLUMN job_event TEXT,
  ADD COLUMN job_node TEXT,
  ADD COLUMN job_children BIGINT[],
  ADD COLUMN job_task TEXT,
  ADD COLUMN job_queue TEXT,
  ADD COLUMN job_state TEXT,
  ADD COLUMN job_args JSONB,
  ADD COLUMN job_result JSONB,
  ADD COLUMN job_notes JSONB,
  ADD COLUMN job_priority INT,
  ADD COLUMN job_attempts INT,
  ADD COLUMN job_retries INT,
  ADD COLUMN job_parents BIGINT[],
  ADD COLUMN job_lax BOOLEAN,
  ADD COLUMN job_worker BIGINT,
  ADD COLUMN job_created TIMESTAMPTZ,
  ADD COLUMN job_delayed TIMESTAMPTZ,
  ADD COLUMN job_started TIMESTAMPTZ,
  ADD COLUMN job_finished TIMESTAMPTZ,
  ADD COLUMN job_retried TIMESTAMPTZ,
  ADD COLUMN job_expires TIMESTAMPTZ;
-- Draws n offsets of "jobs"; the stream row's lock, held until commit, keeps offsets in commit
-- order. Tells every node once the transaction commits. (Each trigger below has its own INSERT:
-- a transition table is visible only to queries in its trigger's function.)
CREATE FUNCTION taskbus_take_job_offsets(n BIGINT) RETURNS BIGINT AS $$
DECLARE
  first BIGINT;
BEGIN
  UPDATE taskbus_streams SET next_seq = next_seq + n WHERE name = 'jobs'
    RETURNING next_seq - n INTO first;
  PERFORM pg_notify('taskbus_events', current_setting('application_name'));
  RETURN first;
END;
$$ LANGUAGE plpgsql;
-- A job inserted started has two events, as if dequeued at once: enqueued, with the record as it
-- would have been stored inactive, then started.
CREATE OR REPLACE FUNCTION taskbus_jobs_inserted_events() RETURNS trigger AS $$
DECLARE
  at TIMESTAMPTZ := clock_timestamp();
  total BIGINT;
  first BIGINT;
BEGIN
  SELECT count(*) + count(*) FILTER (WHERE state = 'active') INTO total FROM inserted;
  IF total = 0 THEN
    RETURN NULL;
  END IF;
  first := taskbus_take_job_offsets(total);
  INSERT INTO taskbus_stream_messages (stream, seq, topic, is_binary, time, job_node, job_event,
      job, job_task, job_queue, job_state, job_args, job_result, job_notes, job_priority,
      job_attempts, job_retries, job_parents, job_lax, job_worker, job_created, job_delayed,
      job_started, job_finished, job_retried, job_expires)
    SELECT 'jobs', first + row_number() OVER (ORDER BY j.id, e.step) - 1, taskbus_job_topic(j),
      FALSE, at, current_setting('application_name'), e.event,
      j.id, j.task, j.queue, CASE WHEN e.step = 0 THEN 'inactive' ELSE j.state END, j.args,
      j.result, j.notes, j.priority, j.attempts, j.retries, j.parents, j.lax,
      CASE WHEN e.step = 1 THEN j.worker END, j.created, j.delayed,
      CASE WHEN e.step = 1 THEN j.started END, j.finished, j.retried, j.expires
    FROM inserted j
    JOIN (VALUES (0, 'enqueued'), (1, 'started')) AS e(step, event)
      ON e.step = 0 OR j.state = 'active';
  RETURN NULL;
END;
$$ LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan;
-- One UPDATE statement changes one thing about a job; the event names it. Nested loops stay off
-- for the join of the transition tables (V11).
CREATE OR REPLACE FUNCTION taskbus_jobs_updated_events() RETURNS trigger AS $$
DECLARE
  at TIMESTAMPTZ := clock_timestamp();
  total BIGINT;
  first BIGINT;
BEGIN
  SELECT count(*) INTO total FROM after_rows;
  IF total = 0 THEN
    RETURN NULL;
  END IF;
  first := taskbus_take_job_offsets(total);
  INSERT INTO taskbus_stream_messages (stream, seq, topic, is_binary, time, job_node, job_event,
      job_children, job, job_task, job_queue, job_state, job_args, job_result, job_notes,
      job_priority, job_attempts, job_retries, job_parents, job_lax, job_worker, job_created,
      job_delayed, job_started, job_finished, job_retried, job_expires)
    SELECT 'jobs', first + row_number() OVER (ORDER BY n.id) - 1, taskbus_job_topic(n), FALSE,
      at, current_setting('application_name'), CASE
          WHEN n.retries > o.retries OR (n.state = 'inactive' AND o.state <> 'inactive')
            THEN 'retried'
          WHEN n.state = 'active' AND o.state <> 'active' THEN 'started'
          WHEN n.state = 'finished' AND o.state <> 'finished' THEN 'finished'
          WHEN n.state = 'failed' AND o.state <> 'failed' THEN 'failed'
          WHEN n.notes IS DISTINCT FROM o.notes THEN 'note'
          ELSE 'updated'
        END,
      ARRAY(SELECT c.id FROM taskbus_jobs c WHERE c.parents <> '{}' AND c.parents @> ARRAY[n.id]),
      n.*
    FROM before_rows o JOIN after_rows n ON n.id = o.id;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql SET enable_nestloop = off SET plan_cache_mode = force_generic_plan;
-- Repair names why it deletes (purged, expired) in the transaction setting taskbus.reason.
CREATE OR REPLACE FUNCTION taskbus_jobs_deleted_events() RETURNS trigger AS $$
DECLARE
  at TIMESTAMPTZ := clock_timestamp();
  total BIGINT;
  first BIGINT;
BEGIN
  SELECT count(*) INTO total FROM deleted;
  IF total = 0 THEN
    RETURN NULL;
  END IF;
  first := taskbus_take_job_offsets(total);
  INSERT INTO taskbus_stream_messages (stream, seq, topic, is_binary, time, job_node, job_event,
      job_children, job, job_task, job_queue, job_state, job_args, job_result, job_notes,
      job_priority, job_attempts, job_retries, job_parents, job_lax, job_worker, job_created,
      job_delayed, job_started, job_finished, job_retried, job_expires)
    SELECT 'jobs', first + row_number() OVER (ORDER BY j.id) - 1, taskbus_job_topic(j), FALSE,
      at, current_setting('application_name'),
      COALESCE(NULLIF(current_setting('taskbus.reason', TRUE), ''), 'removed'),
      ARRAY(SELECT c.id FROM taskbus_jobs c WHERE c.parents <> '{}' AND c.parents @> ARRAY[j.id]),
      j.*
    FROM deleted j;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan;
DROP FUNCTION taskbus_append_job_events(TEXT[], BYTEA[], BIGINT[]);
DROP FUNCTION taskbus_job_event(TEXT, TEXT, TEXT, taskbus_jobs, TEXT);
