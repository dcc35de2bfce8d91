-- Punch-out activity for the operator views: every setup request, session change and cart
-- transfer, with the exact payload sent to the buyer's procurement system.
CREATE TABLE punchout_event (
  seq                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at                 TIMESTAMP WITH TIME ZONE NOT NULL,
  kind               VARCHAR(10)   NOT NULL,
  protocol           VARCHAR(20),
  buyer_id           VARCHAR(200),
  claimed_identity   VARCHAR(300),
  session_id         VARCHAR(100),
  operation          VARCHAR(40),
  outcome            VARCHAR(20),
  status_code        INTEGER,
  from_state         VARCHAR(20),
  to_state           VARCHAR(20),
  line_count         INTEGER,
  total              DECIMAL(19, 4),
  currency           VARCHAR(3),
  return_url         VARCHAR(4000),
  payload_media_type VARCHAR(100),
  payload            ${text},
  detail             VARCHAR(4000),
  remote_address     VARCHAR(100)
);

CREATE INDEX ix_punchout_session ON punchout_event (session_id, seq);
CREATE INDEX ix_punchout_at ON punchout_event (at);
