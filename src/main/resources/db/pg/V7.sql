-- New jobs and the dequeue of an idle worker of the enqueuing node, in one call: one round trip
-- and one commit. The insert's events take the `jobs` stream row (held to commit); with the two
-- statements sent one after the other the row stayed taken across two round trips, and every
-- other job statement waited that long. The dequeue is the one of PgJobStore.dequeue.
CREATE FUNCTION taskbus_enqueue_and_dequeue(batch JSONB, at TIMESTAMPTZ, for_worker BIGINT,
    for_queues TEXT[], for_tasks TEXT[], max_jobs INT, OUT ids BIGINT[], OUT taken JSON) AS $$
BEGIN
  WITH added AS (
    INSERT INTO taskbus_jobs (task, queue, args, notes, priority, attempts, parents, lax, created,
        delayed, expires)
      SELECT e->>'task', e->>'queue', e->'args', e->'notes', (e->>'priority')::int,
        (e->>'attempts')::int, ARRAY(SELECT jsonb_array_elements_text(e->'parents')::bigint),
        (e->>'lax')::boolean, at, at + (e->>'delay')::bigint * INTERVAL '1 millisecond',
        at + (e->>'expire')::bigint * INTERVAL '1 millisecond'
      FROM jsonb_array_elements(batch) WITH ORDINALITY AS t(e, n) ORDER BY n
      RETURNING id)
  SELECT array_agg(added.id ORDER BY added.id) INTO ids FROM added;
  WITH took AS (
    UPDATE taskbus_jobs SET state = 'active', worker = for_worker, started = at
      WHERE id = ANY(ARRAY(SELECT j.id FROM taskbus_jobs j
        WHERE j.state = 'inactive' AND j.delayed <= at AND (j.expires IS NULL OR j.expires > at)
          AND j.queue = ANY(for_queues) AND j.task = ANY(for_tasks)
          AND (j.parents = '{}' OR NOT EXISTS (SELECT 1 FROM taskbus_jobs p
            WHERE p.id = ANY(j.parents) AND (p.state IN ('inactive', 'active')
              OR (p.state = 'failed' AND NOT j.lax))))
        ORDER BY j.priority DESC, j.id LIMIT max_jobs FOR UPDATE SKIP LOCKED))
      RETURNING *)
  SELECT COALESCE(json_agg(to_json(took) ORDER BY took.priority DESC, took.id), '[]')
    INTO taken FROM took;
END;
$$ LANGUAGE plpgsql;
