-- Peppol Reporting (TSR and EUSR, docs/reporting.md).
--
-- reporting_item: one row per transmission the Peppol Reporting rules count, written in the same
-- transaction that records the transmission (inbound: when it is stored before the receipt;
-- outbound: when it becomes DELIVERED). Refused messages, duplicates, undelivered sends and the
-- reports themselves never get a row. exchanged_at is UTC; the month of a row is its UTC month
-- (the specification's reporting period). counterpart_sp is the other access point's seat id
-- (the CN of its certificate: From PartyId inbound, checked against the signer; receiver
-- certificate CN outbound). end_user_id is our served participant (receiver inbound, sender
-- outbound). A NULL country is reported as ZZ, the specification's "unknown".
-- No foreign key to transmission on purpose: the retention purge may delete old transmissions,
-- while a month must stay re-buildable from its items (which hold no document content).
CREATE TABLE reporting_item (
  seq                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transmission_id    VARCHAR(36)  NOT NULL UNIQUE,
  direction          VARCHAR(9)   NOT NULL,
  exchanged_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  counterpart_sp     VARCHAR(64)  NOT NULL,
  doctype_scheme     VARCHAR(64)  NOT NULL,
  doctype_value      VARCHAR(500) NOT NULL,
  process_scheme     VARCHAR(64)  NOT NULL,
  process_value      VARCHAR(200) NOT NULL,
  transport_protocol VARCHAR(64)  NOT NULL,
  c1_country         VARCHAR(2),
  c4_country         VARCHAR(2),
  end_user_id        VARCHAR(256) NOT NULL,
  derived_note       VARCHAR(400)
);

CREATE INDEX ix_reporting_item_exchanged ON reporting_item (exchanged_at);

-- Existing transmissions: what can be derived from the log. The gaps, named in derived_note:
--  * outbound exchanged_at is updated_at of the DELIVERED row (the receipt time is not kept
--    apart); inbound exchanged_at is created_at (exact: stored before the receipt);
--  * C4 country was never recorded: NULL here, the report takes the configured country of the
--    served participant (gateway.participant.<name>.country) and otherwise ZZ;
--  * the document type and process schemes were not stored: busdox-docid-qns and
--    cenbii-procid-ubl, the only ones this gateway sends and accepts;
--  * a row without the counterpart seat id (remote_ap) or without a document type, process,
--    sender or receiver cannot be reported and is left out;
--  * the transport protocol is Peppol AS4 v2 (the only one this gateway speaks).
INSERT INTO reporting_item (transmission_id, direction, exchanged_at, counterpart_sp,
    doctype_scheme, doctype_value, process_scheme, process_value, transport_protocol,
    c1_country, c4_country, end_user_id, derived_note)
  SELECT id,
         CASE WHEN direction = 'IN' THEN 'RECEIVING' ELSE 'SENDING' END,
         CASE WHEN direction = 'IN' THEN created_at ELSE updated_at END,
         SUBSTRING(remote_ap FROM 1 FOR 64),
         'busdox-docid-qns', doctype_id, 'cenbii-procid-ubl', SUBSTRING(process_id FROM 1 FOR 200),
         'peppol-transport-as4-v2_0',
         CASE WHEN c1_country IS NOT NULL AND LENGTH(c1_country) = 2 THEN UPPER(c1_country) END,
         NULL,
         SUBSTRING(CASE WHEN direction = 'IN' THEN receiver_id ELSE sender_id END FROM 1 FOR 256),
         'V60: derived from the transmission log; C4 country not recorded'
           || CASE WHEN direction = 'OUT' THEN ', exchange time = last update' ELSE '' END
    FROM transmission
   WHERE ((direction = 'IN' AND state IN ('RECEIVED', 'HANDED_OVER', 'ACKNOWLEDGED'))
          OR (direction = 'OUT' AND state = 'DELIVERED'))
     AND remote_ap IS NOT NULL AND doctype_id IS NOT NULL AND process_id IS NOT NULL
     AND sender_id IS NOT NULL AND receiver_id IS NOT NULL
     AND doctype_id NOT IN (
       'urn:fdc:peppol:end-user-statistics-report:1.1::EndUserStatisticsReport##urn:fdc:peppol.eu:edec:trns:end-user-statistics-report:1.1::1.1',
       'urn:fdc:peppol:transaction-statistics-report:1.0::TransactionStatisticsReport##urn:fdc:peppol.eu:edec:trns:transaction-statistics-reporting:1.0::1.0');

-- The reports of a month: one row per month and kind (TSR, EUSR). state: BUILT, VALIDATED, SENT,
-- DELIVERED, FAILED (validation or sending failed; problems says why). transmission_id is the
-- outbound transmission that carries the report once it is submitted.
CREATE TABLE reporting_report (
  period          VARCHAR(7)   NOT NULL,
  kind            VARCHAR(4)   NOT NULL,
  state           VARCHAR(12)  NOT NULL,
  item_count      INTEGER      NOT NULL,
  document        ${text},
  problems        VARCHAR(4000),
  transmission_id VARCHAR(36),
  built_at        TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (period, kind)
);

-- The monthly job's claim: the node whose INSERT of the month's row succeeds builds and sends that
-- month; every other node (and every later start) sees the row and does nothing.
CREATE TABLE reporting_run (
  period      VARCHAR(7)   NOT NULL PRIMARY KEY,
  claimed_by  VARCHAR(100) NOT NULL,
  claimed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  finished_at TIMESTAMP WITH TIME ZONE,
  outcome     VARCHAR(400)
);
