-- Peppol Message Level Status received as the sending access point (C2): one row per MLS that
-- arrived, kept whether or not it matches one of our outbound transmissions (docs/mls.md).
--
-- mls_transmission_id: the inbound transmission that carried the MLS (its bytes, receipt and
--   timeline are there).
-- answers_transmission_id: the outbound transmission whose SBDH InstanceIdentifier the MLS
--   references; NULL when it matches none (listed for the operator, never dropped).
-- response_code: AP, AB or RE; NULL when the document could not be read as an MLS (problem says
--   why). Several MLS for one transmission are all kept; the latest (highest seq) counts.

CREATE TABLE mls_answer (
  seq                     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  mls_transmission_id     VARCHAR(36)   NOT NULL UNIQUE,
  answers_transmission_id VARCHAR(36),
  referenced_instance_id  VARCHAR(255),
  mls_id                  VARCHAR(255),
  sender_sp               VARCHAR(200),
  response_code           VARCHAR(2),
  description             VARCHAR(1000),
  reasons                 ${text},
  problem                 VARCHAR(1000),
  received_at             TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX ix_mls_answers ON mls_answer (answers_transmission_id, seq);
CREATE INDEX ix_mls_reference ON mls_answer (referenced_instance_id);
