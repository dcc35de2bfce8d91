-- What the back office learns about its documents.
--
-- outbound_status_notice: one row per status callback owed to the back office's outbound status
-- webhook (gateway.outbound.webhook.url): a final state of an outbound transmission (written in
-- the transaction that records the state, so a crash cannot lose it) or an MLS answer. The row is
-- claimed with a lease (several nodes share the table), retried with backoff while the receiver
-- is down, and marked delivered after a 2xx so that it is never sent again.
-- seq orders the callbacks as they were recorded (a final state before a later MLS answer).
CREATE TABLE outbound_status_notice (
  seq             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id              VARCHAR(36)   NOT NULL UNIQUE,
  transmission_id VARCHAR(36)   NOT NULL,
  kind            VARCHAR(20)   NOT NULL,
  state           VARCHAR(20)   NOT NULL,
  reason_code     VARCHAR(100),
  reason          VARCHAR(4000),
  created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
  attempts        INT           NOT NULL,
  last_error      VARCHAR(1000),
  lease_owner     VARCHAR(100),
  lease_until     TIMESTAMP WITH TIME ZONE,
  delivered_at    TIMESTAMP WITH TIME ZONE
);

CREATE INDEX ix_status_notice_due ON outbound_status_notice (delivered_at, next_attempt_at);
CREATE INDEX ix_status_notice_transmission ON outbound_status_notice (transmission_id);

-- Received business duplicates: an inbound document whose business identity (sender, receiver,
-- document type, document number, an invoice's issue date; a SHA-256, computed on the receipt path
-- and stored with the row) matches one received earlier is still accepted but flagged with the
-- earlier transmission. The comparison runs after the commit (business_checked marks the rows done)
-- so that the receipt never waits for it.
ALTER TABLE transmission ADD COLUMN business_identity VARCHAR(64);
ALTER TABLE transmission ADD COLUMN business_duplicate_of VARCHAR(36);
ALTER TABLE transmission ADD COLUMN business_checked BOOLEAN DEFAULT TRUE NOT NULL;

CREATE INDEX ix_transmission_business_identity ON transmission (business_identity);
CREATE INDEX ix_transmission_business_checked ON transmission (business_checked);
