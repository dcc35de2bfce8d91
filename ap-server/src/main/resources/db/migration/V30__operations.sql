-- Operator troubleshooting: indexes for the transmission list and search (keyset pagination on
-- created_at DESC, seq DESC; every filter has an index that delivers rows in that order), the
-- audit trail of operator actions, and links between transmissions (resend of an earlier one).

CREATE INDEX ix_tx_list ON transmission (created_at DESC, seq DESC);
CREATE INDEX ix_tx_dir_list ON transmission (direction, created_at DESC, seq DESC);
CREATE INDEX ix_tx_state_list ON transmission (direction, state, created_at DESC, seq DESC);
CREATE INDEX ix_tx_doctype_list ON transmission (doctype_id, created_at DESC, seq DESC);
CREATE INDEX ix_tx_sender_list ON transmission (sender_id, created_at DESC, seq DESC);
CREATE INDEX ix_tx_receiver_list ON transmission (receiver_id, created_at DESC, seq DESC);
CREATE INDEX ix_tx_business_id ON transmission (business_id);
CREATE INDEX ix_tx_order_ref ON transmission (order_ref);
CREATE INDEX ix_tx_buyer_ref ON transmission (buyer_ref);
CREATE INDEX ix_tx_conversation ON transmission (as4_conversation_id);

CREATE TABLE ops_audit (
  seq             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at              TIMESTAMP WITH TIME ZONE NOT NULL,
  actor           VARCHAR(100)  NOT NULL,
  action          VARCHAR(40)   NOT NULL,
  target          VARCHAR(200),
  outcome         VARCHAR(20)   NOT NULL,
  detail          VARCHAR(4000),
  remote_address  VARCHAR(100)
);

CREATE INDEX ix_audit_at ON ops_audit (at);
CREATE INDEX ix_audit_target ON ops_audit (target, seq);

CREATE TABLE transmission_link (
  from_id  VARCHAR(36)  NOT NULL,
  to_id    VARCHAR(36)  NOT NULL,
  kind     VARCHAR(20)  NOT NULL,
  at       TIMESTAMP WITH TIME ZONE NOT NULL,
  actor    VARCHAR(100),
  PRIMARY KEY (from_id, to_id)
);

CREATE INDEX ix_link_to ON transmission_link (to_id);
