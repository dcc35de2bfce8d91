-- Catalogue publishing (docs/desk.md, "Catalogue"): every published catalogue is kept as a
-- version (its content in the catalogue.json format), and per configured buyer the Peppol BIS
-- Catalogue built from it: its document id (cbc:ID, which the buyer's Catalogue Response refers
-- to) and the outbound transmission that carries it, or why it was not sent.

CREATE TABLE catalogue_version (
  version       INTEGER      NOT NULL PRIMARY KEY,
  published_by  VARCHAR(100) NOT NULL,
  published_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  article_count INTEGER      NOT NULL,
  summary       VARCHAR(200) NOT NULL,
  content       ${text}      NOT NULL
);

CREATE TABLE catalogue_transmission (
  catalogue_id    VARCHAR(100)  NOT NULL PRIMARY KEY,
  version         INTEGER       NOT NULL REFERENCES catalogue_version (version),
  buyer           VARCHAR(200)  NOT NULL,
  transmission_id VARCHAR(36),
  problem         VARCHAR(2000)
);

CREATE INDEX ix_catalogue_transmission_version ON catalogue_transmission (version);
