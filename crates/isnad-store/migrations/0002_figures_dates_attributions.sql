-- Schema 2: the figures, dates and attributions of each document get tables of their own, so
-- that they can be queried like mentions and claims (which figures does the corpus give for an
-- event, on whose word). Rows of existing documents are filled from their stored analysis.

CREATE TABLE quantities (
    doc       INTEGER NOT NULL REFERENCES documents(key),
    start     INTEGER NOT NULL,
    end       INTEGER NOT NULL,
    text      TEXT NOT NULL,
    value     REAL,
    value_max REAL,
    approx    TEXT,
    unit      TEXT
);
CREATE INDEX quantities_doc ON quantities(doc);
CREATE INDEX quantities_unit ON quantities(unit, value);

CREATE TABLE times (
    doc         INTEGER NOT NULL REFERENCES documents(key),
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    value       TEXT,                   -- YYYY-MM-DD, YYYY-MM or YYYY; NULL when unresolved
    granularity TEXT
);
CREATE INDEX times_doc ON times(doc);
CREATE INDEX times_value ON times(value);

CREATE TABLE attributions (
    doc          INTEGER NOT NULL REFERENCES documents(key),
    attribution  TEXT NOT NULL,         -- the attribution id within its document
    cue          TEXT NOT NULL,
    source       TEXT,
    source_kind  TEXT,
    source_kb_id TEXT,
    origin_kind  TEXT,                  -- kind of the chain's last link
    chain        TEXT NOT NULL,         -- the chain as the report prints it
    PRIMARY KEY (doc, attribution)
) WITHOUT ROWID;
CREATE INDEX attributions_source ON attributions(source_kb_id);
CREATE INDEX attributions_origin ON attributions(origin_kind);

INSERT INTO quantities (doc, start, end, text, value, value_max, approx, unit)
SELECT d.key, json_extract(q.value, '$.start'), json_extract(q.value, '$.end'),
       json_extract(q.value, '$.text'), json_extract(q.value, '$.value'),
       json_extract(q.value, '$.value_max'), json_extract(q.value, '$.approx'),
       json_extract(q.value, '$.unit')
  FROM documents d, json_each(d.analysis, '$.quantities') q;

INSERT INTO times (doc, start, end, text, value, granularity)
SELECT d.key, json_extract(t.value, '$.start'), json_extract(t.value, '$.end'),
       json_extract(t.value, '$.text'), json_extract(t.value, '$.value'),
       json_extract(t.value, '$.granularity')
  FROM documents d, json_each(d.analysis, '$.times') t;

INSERT OR IGNORE INTO attributions
       (doc, attribution, cue, source, source_kind, source_kb_id, origin_kind, chain)
SELECT d.key, json_extract(a.value, '$.id'), json_extract(a.value, '$.cue.text'),
       json_extract(a.value, '$.source.text'), json_extract(a.value, '$.source.kind'),
       json_extract(a.value, '$.source.kb_id'), json_extract(a.value, '$.chain[#-1].kind'),
       json_extract(a.value, '$.chain')
  FROM documents d, json_each(d.analysis, '$.attributions') a;
