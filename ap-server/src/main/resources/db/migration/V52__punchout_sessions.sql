-- Punch-out sessions, their carts and failed punch-out logins live in the database, so that any
-- node serves any request and a restart loses no open cart. Secrets are never stored: only
-- SHA-256 digests of the session secret and of the one-time start token (lookup keys).
CREATE TABLE punchout_session (
  id                 VARCHAR(64)  PRIMARY KEY,
  buyer_id           VARCHAR(200) NOT NULL,
  secret_digest      VARCHAR(64),
  start_token_digest VARCHAR(64),
  state              VARCHAR(20)  NOT NULL,
  created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
  start_expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  last_activity      TIMESTAMP WITH TIME ZONE NOT NULL,
  context            ${text}      NOT NULL,
  cart               ${text}      NOT NULL,
  -- optimistic locking: a cart change is written only over the version it was based on
  cart_version       BIGINT       NOT NULL
);

-- several NULLs are allowed (spent tokens), on H2 and PostgreSQL alike
CREATE UNIQUE INDEX ux_punchout_session_start ON punchout_session (start_token_digest);
CREATE INDEX ix_punchout_session_activity ON punchout_session (last_activity);

-- one row per failed login and throttle key (a digest: buyer + address, address, buyer)
CREATE TABLE punchout_login_failure (
  throttle_key VARCHAR(80)              NOT NULL,
  failed_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX ix_punchout_login_failure ON punchout_login_failure (throttle_key, failed_at);
CREATE INDEX ix_punchout_login_failure_at ON punchout_login_failure (failed_at);
