-- The work that follows the receipt of an inbound document, as a queue (issue 17).
--
-- Until now the validation and MLS workers found their work by asking the whole log "which
-- accepted inbound transmissions have no validation / no MLS decision yet", oldest first. With
-- nothing pending that reads every inbound row: 1.3 s and 1.9 s per poll at 475,000 received
-- documents on PostgreSQL, and the workers poll after every received message.
--
-- inbound_followup holds one row per received document whose follow-up is not finished. It is
-- written in the transaction that accepts the document (so nothing acknowledged is left out),
-- moved on in the transaction that records each step, and deleted with the last one:
--   step  VALIDATE (waits for its validation) -> ANSWER (waits for its MLS decision) -> row deleted
--   seq   the transmission's seq, so that the oldest is served first
CREATE TABLE inbound_followup (
  transmission_id VARCHAR(36) NOT NULL PRIMARY KEY REFERENCES transmission (id),
  step            VARCHAR(16) NOT NULL,
  seq             BIGINT      NOT NULL
);

CREATE INDEX ix_inbound_followup_step ON inbound_followup (step, seq);

-- what an upgraded gateway still had to do, found once the old way
INSERT INTO inbound_followup (transmission_id, step, seq)
SELECT t.id, 'VALIDATE', t.seq FROM transmission t
WHERE t.direction = 'IN' AND t.state IN ('RECEIVED', 'HANDED_OVER', 'ACKNOWLEDGED')
  AND NOT EXISTS (SELECT 1 FROM inbound_validation v WHERE v.transmission_id = t.id);

INSERT INTO inbound_followup (transmission_id, step, seq)
SELECT t.id, 'ANSWER', t.seq FROM transmission t
WHERE t.direction = 'IN' AND t.state IN ('RECEIVED', 'HANDED_OVER', 'ACKNOWLEDGED')
  AND EXISTS (SELECT 1 FROM inbound_validation v WHERE v.transmission_id = t.id)
  AND NOT EXISTS (SELECT 1 FROM mls_decision a WHERE a.inbound_id = t.id);
