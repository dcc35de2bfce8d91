-- Back-office submissions that must not be sent twice.
--
-- outbound_idempotency: one row per Idempotency-Key a submitter used. The primary key makes "the
-- first request with this key wins" atomic across every node sharing the database; the row keeps
-- the digest of the request (to tell a retry from a different request under the same key) and the
-- answer given, so a retry gets the same answer.
--
-- outbound_identity: the business identity of an accepted outbound document (a digest of sender,
-- receiver, document type, document number and, for invoices, the issue date) and the first
-- transmission that carried it. Again the primary key makes the check race-free across nodes.

CREATE TABLE outbound_idempotency (
  submitter       VARCHAR(100) NOT NULL,
  idem_key        VARCHAR(200) NOT NULL,
  request_sha256  VARCHAR(64)  NOT NULL,
  transmission_id VARCHAR(36)  NOT NULL,
  response        ${text}      NOT NULL,
  created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (submitter, idem_key)
);

CREATE INDEX ix_idempotency_created ON outbound_idempotency (created_at);

CREATE TABLE outbound_identity (
  identity_sha256 VARCHAR(64)  NOT NULL PRIMARY KEY,
  transmission_id VARCHAR(36)  NOT NULL,
  created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX ix_identity_created ON outbound_identity (created_at);
