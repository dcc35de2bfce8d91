-- A business document received inside an SBD is kept once: as the byte range
-- [slice_start, slice_start + size) of the transmission's payload of kind slice_of (the SBD),
-- with an empty content, instead of a second copy of the same bytes.
ALTER TABLE payload ADD COLUMN slice_of VARCHAR(24);
ALTER TABLE payload ADD COLUMN slice_start BIGINT;
