-- The job-event functions run for every job statement, and PostgreSQL planned their queries again
-- each time: with plan_cache_mode auto, a query with parameters (the event time, the node) keeps
-- custom plans while the generic plan's estimate looks worse, and over transition tables it did.
-- Planning the event query cost more than running it for a statement of one job: a one-job
-- insert, dequeue and finish took 3.3 ms of PostgreSQL CPU with these plans and 1.7 ms with
-- generic ones; batches measured the same. The generic plans are safe at any size: the update
-- trigger's join is hashed (V11), the insert trigger's join is with two constant rows, and the
-- children lookup is a subquery on the small partial index of jobs with parents. A later
-- migration that replaces one of these functions (CREATE OR REPLACE) must set this, and V11's
-- setting, again: replacing a function replaces its settings.
ALTER FUNCTION taskbus_jobs_inserted_events() SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION taskbus_jobs_updated_events() SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION taskbus_jobs_deleted_events() SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION taskbus_append_job_events(TEXT[], BYTEA[], BIGINT[])
  SET plan_cache_mode = force_generic_plan;
