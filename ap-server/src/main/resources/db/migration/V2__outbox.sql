-- The outbound queue: one row per outbound transmission that still has to be sent. The row is
-- deleted when the transmission reaches a final state (DELIVERED or FAILED); the transmission row
-- and its timeline keep the history.
--
-- A worker claims a row by setting lease_owner/lease_until with a conditional UPDATE (PostgreSQL
-- additionally selects candidates with FOR UPDATE SKIP LOCKED). A node that dies mid-send simply
-- stops renewing: once lease_until has passed, any node may claim the row again. attempts counts
-- claims and doubles as a fencing token: a node may only record the outcome of the attempt it
-- claimed.

CREATE TABLE outbox (
  transmission_id VARCHAR(36)  NOT NULL PRIMARY KEY REFERENCES transmission (id),
  next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
  attempts        INTEGER      NOT NULL,
  lease_owner     VARCHAR(100),
  lease_until     TIMESTAMP WITH TIME ZONE,
  last_error      VARCHAR(4000),
  created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX ix_outbox_due ON outbox (next_attempt_at);
