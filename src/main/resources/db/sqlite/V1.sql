-- Jobs, workers and locks on SQLite. Times are epoch milliseconds.
CREATE TABLE taskbus_jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  task TEXT NOT NULL,
  queue TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'inactive',
  args TEXT NOT NULL,
  result TEXT,
  notes TEXT NOT NULL DEFAULT '{}',
  priority INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 1,
  retries INTEGER NOT NULL DEFAULT 0,
  parents TEXT NOT NULL DEFAULT '[]',
  lax INTEGER NOT NULL DEFAULT 0,
  worker INTEGER,
  created INTEGER NOT NULL,
  delayed INTEGER NOT NULL,
  started INTEGER,
  finished INTEGER,
  retried INTEGER,
  expires INTEGER
);
CREATE INDEX taskbus_jobs_ready ON taskbus_jobs (state, queue, priority DESC, id);
CREATE INDEX taskbus_jobs_finished ON taskbus_jobs (finished);
CREATE INDEX taskbus_jobs_worker ON taskbus_jobs (worker);
-- Parent links, kept beside the JSON list so children and readiness are index lookups.
CREATE TABLE taskbus_job_parents (
  child INTEGER NOT NULL,
  parent INTEGER NOT NULL,
  PRIMARY KEY (child, parent)
);
CREATE INDEX taskbus_job_parents_parent ON taskbus_job_parents (parent);
CREATE TABLE taskbus_workers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  host TEXT NOT NULL,
  pid INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT '{}',
  inbox TEXT NOT NULL DEFAULT '[]',
  started INTEGER NOT NULL,
  notified INTEGER NOT NULL
);
CREATE TABLE taskbus_locks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  expires INTEGER NOT NULL
);
CREATE INDEX taskbus_locks_name ON taskbus_locks (name, expires);
