-- The two clocks judged at append (ClockPolicy): a claimed time too far in the future of the
-- receive time is skew (flagged and counted, not refused); one far in the past is a backfill.
-- Version 2.1 so that it sorts between the graph (V2) and whatever comes next.
ALTER TABLE record_meta ADD COLUMN skew     INTEGER NOT NULL DEFAULT 0 CHECK (skew IN (0, 1));
ALTER TABLE record_meta ADD COLUMN backfill INTEGER NOT NULL DEFAULT 0 CHECK (backfill IN (0, 1));
