-- Inbound validation after the receipt, and the Peppol MLS answer to each received document
-- (docs/mls-receiving.md).
--
-- inbound_validation: one row per inbound transmission once its business document was checked
-- against the Peppol rule set of its CustomizationID. The primary key makes "validated once"
-- atomic across nodes; hand-over to the inbox folder / webhook waits for this row, so the
-- metadata the back office gets always carries the result.
--   outcome  PASSED | WARNINGS | FAILED | NOT_VALIDATED (no rule set for the document; reason says why)
--   findings JSON array of {ruleId, severity, location, message}
CREATE TABLE inbound_validation (
  transmission_id VARCHAR(36)   NOT NULL PRIMARY KEY REFERENCES transmission (id),
  outcome         VARCHAR(16)   NOT NULL,
  rule_set        VARCHAR(200),
  reason          VARCHAR(4000),
  error_count     INTEGER       NOT NULL,
  warning_count   INTEGER       NOT NULL,
  findings        ${text},
  duration_ms     BIGINT,
  validated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

-- mls_decision: what was decided about the MLS for one inbound transmission. The primary key makes
-- "answered once" atomic across nodes and restarts; the MLS itself is an ordinary outbound
-- transmission (outbound_id), submitted with an Idempotency-Key derived from the inbound id, so a
-- crash between submitting and recording here cannot send a second MLS.
--   decision      SENT (outbound_id set) | NOT_SENT (reason says why: MLS_TYPE, an MLS, off ...)
--   response_code AP | AB | RE
--   addressed_by  MLS_TO (from the received SBDH) | FALLBACK (the sending AP's service provider id)
CREATE TABLE mls_decision (
  inbound_id      VARCHAR(36)   NOT NULL PRIMARY KEY REFERENCES transmission (id),
  decision        VARCHAR(16)   NOT NULL,
  response_code   VARCHAR(2),
  mls_to          VARCHAR(200),
  addressed_by    VARCHAR(16),
  outbound_id     VARCHAR(36),
  reason          VARCHAR(4000),
  created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX ix_mls_decision_outbound ON mls_decision (outbound_id);

-- Documents received before this version are neither validated afterwards nor answered: an MLS
-- for a document of last month would only confuse its sender.
INSERT INTO inbound_validation
  (transmission_id, outcome, reason, error_count, warning_count, validated_at)
SELECT id, 'NOT_VALIDATED', 'Received before inbound validation existed', 0, 0, created_at
FROM transmission WHERE direction = 'IN';

INSERT INTO mls_decision (inbound_id, decision, reason, created_at)
SELECT id, 'NOT_SENT', 'Received before MLS answering existed', created_at
FROM transmission WHERE direction = 'IN';
