-- The topic helper is declared STABLE, as its body is (text || bigint goes through the bigint's
-- output function). Declared IMMUTABLE, the planner would not inline it into the event
-- triggers' query, and each job statement paid for running a separate SQL function per event.
CREATE OR REPLACE FUNCTION taskbus_job_topic(j taskbus_jobs) RETURNS TEXT AS $$
  SELECT 'jobs/' || j.queue || '/' || j.task || '/' || j.id
$$ LANGUAGE sql STABLE;
