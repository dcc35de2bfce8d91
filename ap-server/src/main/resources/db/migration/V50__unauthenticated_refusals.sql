-- Refusals of AS4 requests without an authenticated sender (no verified, accepted signing
-- certificate) cost bounded space: per minute, error code and client (the address, for IPv6 its
-- /64 prefix) the first is kept in full as a REJECTED transmission (kept_id), every further one
-- only adds to the count. Refusals from an authenticated sender are not counted here, they stay
-- fully logged.
CREATE TABLE unauthenticated_refusal (
  at_minute   TIMESTAMP WITH TIME ZONE NOT NULL,
  error_code  VARCHAR(40)  NOT NULL,
  client      VARCHAR(64)  NOT NULL,
  refusals    BIGINT       NOT NULL,
  kept_id     VARCHAR(36),
  PRIMARY KEY (at_minute, error_code, client)
);

CREATE INDEX ix_unauth_refusal_minute ON unauthenticated_refusal (at_minute);
