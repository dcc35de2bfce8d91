-- Identifier search (operator list ?q=, GET /api/transmissions?q=, `gateway log search`): partial and
-- case-insensitive matches of every identifier column (store/IdentifierSearch). PostgreSQL only:
-- db/migration-h2 holds H2's V69. pg_trgm ships with PostgreSQL (contrib) and is a trusted extension
-- since PostgreSQL 13: the owner of the gateway's database may create it without being superuser
-- (on 12 and older, or where contrib is not installed, a superuser runs the CREATE EXTENSION once).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- One GIN trigram index with a key per lower-cased identifier column: LIKE '%text%' of three
-- characters or more on any of them is answered from it, each column on its own (trigrams of two
-- different columns never combine into a false match). The expressions must stay exactly those of
-- IdentifierSearch.expression, or the planner will not use the index (IdentifierSearchPostgresTest).
-- Building it reads the whole table once (minutes for 1,000,000 rows on a busy machine).
CREATE INDEX ix_tx_search_trgm ON transmission USING gin (
  lower(id) gin_trgm_ops,
  lower(as4_message_id) gin_trgm_ops,
  lower(as4_conversation_id) gin_trgm_ops,
  lower(sbdh_instance_id) gin_trgm_ops,
  lower(business_id) gin_trgm_ops,
  lower(order_ref) gin_trgm_ops,
  lower(buyer_ref) gin_trgm_ops,
  lower(sender_id) gin_trgm_ops,
  lower(receiver_id) gin_trgm_ops);
