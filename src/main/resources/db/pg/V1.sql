-- Jobs, workers and locks on PostgreSQL.
CREATE TABLE taskbus_jobs (
  id BIGSERIAL PRIMARY KEY,
  task TEXT NOT NULL,
  queue TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'inactive'
    CHECK (state IN ('inactive', 'active', 'finished', 'failed')),
  args JSONB NOT NULL CHECK (jsonb_typeof(args) = 'array'),
  result JSONB,
  notes JSONB NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(notes) = 'object'),
  priority INT NOT NULL DEFAULT 0,
  attempts INT NOT NULL DEFAULT 1,
  retries INT NOT NULL DEFAULT 0,
  parents BIGINT[] NOT NULL DEFAULT '{}',
  lax BOOLEAN NOT NULL DEFAULT FALSE,
  worker BIGINT,
  created TIMESTAMPTZ NOT NULL,
  delayed TIMESTAMPTZ NOT NULL,
  started TIMESTAMPTZ,
  finished TIMESTAMPTZ,
  retried TIMESTAMPTZ,
  expires TIMESTAMPTZ
);
CREATE INDEX taskbus_jobs_ready ON taskbus_jobs (queue, priority DESC, id) WHERE state = 'inactive';
CREATE INDEX taskbus_jobs_state ON taskbus_jobs (state, finished);
CREATE INDEX taskbus_jobs_worker ON taskbus_jobs (worker) WHERE state = 'active';
-- Only jobs with parents are indexed: children lookups stay small while most jobs have none.
CREATE INDEX taskbus_jobs_parents ON taskbus_jobs USING GIN (parents) WHERE parents <> '{}';
CREATE TABLE taskbus_workers (
  id BIGSERIAL PRIMARY KEY,
  host TEXT NOT NULL,
  pid BIGINT NOT NULL,
  status JSONB NOT NULL DEFAULT '{}',
  inbox JSONB NOT NULL DEFAULT '[]',
  started TIMESTAMPTZ NOT NULL,
  notified TIMESTAMPTZ NOT NULL
);
CREATE TABLE taskbus_locks (
  id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL,
  expires TIMESTAMPTZ NOT NULL
);
CREATE INDEX taskbus_locks_name ON taskbus_locks (name, expires);
-- Wakes idle dispatchers on every node when jobs are added. The payload names the node that
-- added them (its application_name), which was woken already and ignores its own notice.
CREATE FUNCTION taskbus_jobs_notify() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('taskbus_jobs', current_setting('application_name'));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER taskbus_jobs_inserted AFTER INSERT ON taskbus_jobs
  FOR EACH STATEMENT EXECUTE FUNCTION taskbus_jobs_notify();
