-- The supplier's desk (docs/desk.md): which documents the desk built and submitted in answer to a
-- received order, and per order line how much each of them confirmed, delivered, invoiced or
-- credited. The order's progress ("confirmed, 40 of 120 delivered, nothing invoiced") is computed
-- from these rows together with the state of each document's transmission (a FAILED or CANCELLED
-- document does not count).
--
-- desk_document: one row per built document; order_transmission_id is the inbound transmission
-- that carried the order. credited_invoice names, for a credit note, the invoice number credited.
-- desk_document_line: per document and order line the quantity; article is the article agreed for
-- the line when it differs from the order (a substitute named in an order response).

CREATE TABLE desk_document (
  transmission_id       VARCHAR(36)  NOT NULL PRIMARY KEY,
  order_transmission_id VARCHAR(36)  NOT NULL,
  kind                  VARCHAR(20)  NOT NULL,
  document_id           VARCHAR(200) NOT NULL,
  response_code         VARCHAR(2),
  credited_invoice      VARCHAR(200),
  issue_date            DATE         NOT NULL,
  created_by            VARCHAR(100) NOT NULL,
  created_at            TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX ix_desk_document_order ON desk_document (order_transmission_id, created_at);

CREATE TABLE desk_document_line (
  transmission_id VARCHAR(36)    NOT NULL REFERENCES desk_document (transmission_id),
  line_id         VARCHAR(64)    NOT NULL,
  quantity        DECIMAL(19, 6) NOT NULL,
  article         VARCHAR(100),
  PRIMARY KEY (transmission_id, line_id)
);
