-- Operator browser sessions and login throttle counters, in the database so that any node serves
-- any request (no sticky load balancing) and a restart logs nobody out.

-- The cookie value is never stored: only its SHA-256 (hex), so a copy of this table (a backup, a
-- read-only database user) cannot be replayed as a session.
CREATE TABLE ops_session (
  id_sha256      CHAR(64)      NOT NULL PRIMARY KEY,
  operator_name  VARCHAR(100)  NOT NULL,
  role           VARCHAR(20)   NOT NULL,
  csrf_token     VARCHAR(64)   NOT NULL,
  created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  last_seen_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX ix_ops_session_expires ON ops_session (expires_at);

-- One row per throttled key: an account at a client address, or a client address alone.
CREATE TABLE ops_login_throttle (
  throttle_key     VARCHAR(300)  NOT NULL PRIMARY KEY,
  failures         INT           NOT NULL,
  last_failure_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  blocked_until    TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX ix_ops_login_throttle_last ON ops_login_throttle (last_failure_at);
