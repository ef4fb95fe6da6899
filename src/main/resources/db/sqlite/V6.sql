-- Expired jobs found by their expiry, not by reading every inactive job (see the PostgreSQL
-- schema, V15); the repair pass names this index (SQLite would pick the state index).
CREATE INDEX taskbus_jobs_expiring ON taskbus_jobs (expires)
  WHERE state = 'inactive' AND expires IS NOT NULL;
