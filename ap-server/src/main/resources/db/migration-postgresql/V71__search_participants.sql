-- The participant ids that occur as sender or receiver of a transmission, one row each, for the
-- partial identifier search (store/TransmissionQuery#partialMatches). PostgreSQL only: H2's V71 adds
-- nothing, as H2 has no trigram index and its partial search reads the list index.
--
-- Why: a participant number without its scheme (7300000001234) is made of trigrams (000, 730, 300)
-- that every participant id holds, so the trigram index of V69 reads posting lists as long as the
-- table for its sender and receiver keys (60 of 100 ms at 1,000,000 rows, docs/benchmarks.md). The
-- same text is looked up here among a few thousand distinct ids instead, and the matching ids are
-- listed through the (sender_id, …) and (receiver_id, …) B-tree indexes, one page deep.
--
-- Kept by a trigger, so every insert (the gateway's, a restore, an import) is covered. Rows are
-- never removed: a participant whose transmissions were purged by retention stays as one row of a
-- table bounded by the number of trading partners, and its lookup finds no transmission.
CREATE TABLE search_participant (
  id VARCHAR(200) PRIMARY KEY
);

CREATE INDEX ix_search_participant_trgm ON search_participant USING gin (lower(id) gin_trgm_ops);

CREATE FUNCTION search_participant_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_participant (id)
    SELECT p FROM (VALUES (NEW.sender_id), (NEW.receiver_id)) AS v (p)
    WHERE p IS NOT NULL
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;

CREATE TRIGGER tr_transmission_search_participant
  AFTER INSERT OR UPDATE OF sender_id, receiver_id ON transmission
  FOR EACH ROW EXECUTE FUNCTION search_participant_add();

INSERT INTO search_participant (id)
  SELECT sender_id FROM transmission WHERE sender_id IS NOT NULL
  UNION
  SELECT receiver_id FROM transmission WHERE receiver_id IS NOT NULL
ON CONFLICT DO NOTHING;
