-- The transmission log: one row per message in either direction, an append-only event timeline
-- per row, and the payload bytes (kept in the database so that every node sharing it sees them).
-- ${blob} and ${text} are Flyway placeholders set per engine (H2: BLOB/CLOB, PostgreSQL: BYTEA/TEXT).

CREATE TABLE transmission (
  seq                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id                  VARCHAR(36)   NOT NULL UNIQUE,
  direction           VARCHAR(3)    NOT NULL,
  state               VARCHAR(24)   NOT NULL,
  as4_message_id      VARCHAR(255),
  as4_conversation_id VARCHAR(255),
  sbdh_instance_id    VARCHAR(255),
  sender_id           VARCHAR(200),
  receiver_id         VARCHAR(200),
  doctype_id          VARCHAR(500),
  process_id          VARCHAR(300),
  c1_country          VARCHAR(8),
  remote_ap           VARCHAR(300),
  remote_address      VARCHAR(100),
  business_id         VARCHAR(200),
  order_ref           VARCHAR(200),
  buyer_ref           VARCHAR(200),
  sbd_size            BIGINT,
  sbd_sha256          VARCHAR(64),
  document_size       BIGINT,
  document_sha256     VARCHAR(64),
  duplicate_of        VARCHAR(36),
  error_code          VARCHAR(100),
  error_detail        VARCHAR(4000),
  created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
  handed_over_at      TIMESTAMP WITH TIME ZONE,
  acked_at            TIMESTAMP WITH TIME ZONE
);

CREATE INDEX ix_transmission_state ON transmission (direction, state, seq);
CREATE INDEX ix_transmission_as4 ON transmission (as4_message_id);
CREATE INDEX ix_transmission_sbdh ON transmission (sbdh_instance_id);
CREATE INDEX ix_transmission_created ON transmission (created_at);

CREATE TABLE transmission_event (
  seq             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transmission_id VARCHAR(36)  NOT NULL REFERENCES transmission (id),
  at              TIMESTAMP WITH TIME ZONE NOT NULL,
  type            VARCHAR(40)  NOT NULL,
  code            VARCHAR(100),
  message         VARCHAR(4000),
  duration_ms     BIGINT,
  data            ${text}
);

CREATE INDEX ix_event_transmission ON transmission_event (transmission_id, seq);

CREATE TABLE payload (
  seq             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transmission_id VARCHAR(36)  NOT NULL REFERENCES transmission (id),
  kind            VARCHAR(24)  NOT NULL,
  content_type    VARCHAR(100) NOT NULL,
  size            BIGINT       NOT NULL,
  sha256          VARCHAR(64)  NOT NULL,
  created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  content         ${blob}      NOT NULL
);

CREATE INDEX ix_payload_transmission ON payload (transmission_id, kind);

-- Duplicate detection that survives restarts and is shared by every node: the primary key makes
-- "first one wins" atomic. kind = AS4 (scope: sending AP) or SBDH (scope: sender participant).
CREATE TABLE inbound_dedup (
  kind            VARCHAR(8)   NOT NULL,
  scope           VARCHAR(300) NOT NULL,
  id_value        VARCHAR(255) NOT NULL,
  transmission_id VARCHAR(36)  NOT NULL,
  created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (kind, scope, id_value)
);

CREATE INDEX ix_dedup_created ON inbound_dedup (created_at);
