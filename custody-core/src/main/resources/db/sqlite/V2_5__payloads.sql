-- Documents kept beside the log (docs/LOG-FORMAT.md, "Payloads"): a record too large to hold its
-- document inline names it by digest instead, and the payload is written in the same transaction
-- as the record. Each payload is stored once, however many records name it.
CREATE TABLE payloads (
  digest     TEXT    PRIMARY KEY,           -- sha256:<hex> of body
  media_type TEXT    NOT NULL,
  body       BLOB    NOT NULL,
  log_index  INTEGER NOT NULL               -- the first record that named it
);
