-- ix_tx_list (created_at DESC, seq DESC), added for the operator list, serves every query that
-- ix_transmission_created (created_at) served: ranges and order on created_at (retention purge,
-- time filters). Each index is one more B-tree written for every stored message; this one did no
-- work of its own.
DROP INDEX ix_transmission_created;
