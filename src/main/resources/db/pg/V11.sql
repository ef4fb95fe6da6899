-- The update trigger joins a statement's old and new rows. Its plan is cached per connection, and
-- one made while statements changed a row or two estimates both sides at one row and joins them in
-- a nested loop; kept for a batch of 30,000 rows that loop took minutes (a completion batch grows
-- while the one before it is written, so one slow batch made the next slower). Without nested
-- loops the join is hashed, linear in the batch whatever the plan was made for; the children
-- lookup is a subquery, not a join, and keeps its index.
ALTER FUNCTION taskbus_jobs_updated_events() SET enable_nestloop = off;
