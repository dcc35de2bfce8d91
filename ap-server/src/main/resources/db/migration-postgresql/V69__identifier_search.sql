-- Identifier search (operator list ?q=, GET /api/transmissions?q=, `gateway log search`): partial and
-- case-insensitive matches of every identifier column (store/IdentifierSearch). PostgreSQL only:
-- db/migration-h2 holds H2's V69. pg_trgm ships with PostgreSQL (contrib) and is a trusted extension
-- since PostgreSQL 13: the owner of the gateway's database may create it without being superuser
-- (on 12 and older, or where contrib is not installed, a superuser runs the CREATE EXTENSION once).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- A GIN trigram index over the lower-cased identifiers joined by '|': LIKE '%text%' of three
-- characters or more is answered from it. The expression must stay exactly the one of
-- IdentifierSearch.lower(coalesce(id, '') || '|' || coalesce(as4_message_id, '') || '|' || coalesce(as4_conversation_id, '') || '|' || coalesce(sbdh_instance_id, '') || '|' || coalesce(business_id, '') || '|' || coalesce(order_ref, '') || '|' || coalesce(buyer_ref, '') || '|' || coalesce(sender_id, '') || '|' || coalesce(receiver_id, ''))ESSION, or the planner will not use the index (IdentifierSearchPostgresTest).
-- Building it reads the whole table once (about a minute for 1,000,000 rows on a busy machine).
CREATE INDEX ix_tx_search_trgm ON transmission USING gin (
  (lower(coalesce(id, '') || '|' || coalesce(as4_message_id, '') || '|' || coalesce(as4_conversation_id, '') || '|' || coalesce(sbdh_instance_id, '') || '|' || coalesce(business_id, '') || '|' || coalesce(order_ref, '') || '|' || coalesce(buyer_ref, '') || '|' || coalesce(sender_id, '') || '|' || coalesce(receiver_id, ''))) gin_trgm_ops);
