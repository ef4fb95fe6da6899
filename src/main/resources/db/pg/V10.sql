-- Fewer index entries per job change. The index on (state, finished) took an entry for every
-- version of every job: inserted, started and finished, each with a text key. What reads by state
-- now has a partial index for that state: ready jobs (taskbus_jobs_ready), running ones
-- (taskbus_jobs_worker), and, new here, ended ones by finish time (purges, the hourly history)
-- and failed ones by id (listings of what failed, a few among many finished). A job gets an
-- entry in them once, when it ends.
CREATE INDEX taskbus_jobs_ended ON taskbus_jobs (finished) WHERE state IN ('finished', 'failed');
CREATE INDEX taskbus_jobs_failed ON taskbus_jobs (id) WHERE state = 'failed';
DROP INDEX taskbus_jobs_state;
