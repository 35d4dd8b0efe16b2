-- Schema 1 of the isnad store. Every analysed document is kept whole (`analysis`, the JSON the
-- report prints) so that `isnad report` and re-linking never re-run analysis; the other tables
-- are indexes over it for queries and for incremental linking.

-- One row per analysed document, keyed in ingestion order.
CREATE TABLE documents (
    key         INTEGER PRIMARY KEY,
    hash        TEXT NOT NULL UNIQUE,   -- sha256 of outlet, date, title and text: re-ingesting is a no-op
    id          TEXT NOT NULL UNIQUE,   -- the report's document id, unique in the store
    source      TEXT NOT NULL,
    outlet      TEXT,
    published   TEXT,
    day         INTEGER,                -- days since 1970-01-01 of `published`
    title       TEXT,
    analysis    TEXT NOT NULL,          -- the Document as the report prints it
    digest      TEXT NOT NULL,          -- the same without text, entities, figures and framing:
                                        -- what clustering reads, small enough to load by the thousand
    fingerprint BLOB NOT NULL,          -- reuse tokens and spans (see fingerprint_codec)
    ingested_at TEXT NOT NULL
);

-- Every entity mention, for `isnad entity` and co-occurrence.
CREATE TABLE mentions (
    doc    INTEGER NOT NULL REFERENCES documents(key),
    start  INTEGER NOT NULL,
    end    INTEGER NOT NULL,
    text   TEXT NOT NULL,
    key    TEXT NOT NULL,                -- folded name (isnad_kb::key)
    type   TEXT NOT NULL,
    kb_id  TEXT,
    name   TEXT
);
CREATE INDEX mentions_kb ON mentions(kb_id);
CREATE INDEX mentions_key ON mentions(key);
CREATE INDEX mentions_doc ON mentions(doc);

-- One row per claim, for `isnad claims`.
CREATE TABLE claims (
    doc         INTEGER NOT NULL REFERENCES documents(key),
    claim       TEXT NOT NULL,          -- the claim id within its document
    type        TEXT NOT NULL,
    modality    TEXT NOT NULL,
    source_kind TEXT,                   -- kind of the chain's last link; NULL when asserted
    PRIMARY KEY (doc, claim)
) WITHOUT ROWID;
CREATE INDEX claims_type ON claims(type, source_kind);
CREATE INDEX claims_kind ON claims(source_kind);

-- Knowledge-base ids filling a claim's roles.
CREATE TABLE claim_entities (
    doc    INTEGER NOT NULL,
    claim  TEXT NOT NULL,
    kb_id  TEXT NOT NULL,
    PRIMARY KEY (kb_id, doc, claim)
) WITHOUT ROWID;

-- Blocking keys of claims: new claims are compared only with stored claims sharing one.
CREATE TABLE claim_keys (
    key  TEXT NOT NULL,
    day  INTEGER,
    doc  INTEGER NOT NULL
);
CREATE INDEX claim_keys_key ON claim_keys(key, day);

-- The inverted index of word shingles that reuse candidates come from.
CREATE TABLE shingles (
    hash INTEGER NOT NULL,
    doc  INTEGER NOT NULL,
    PRIMARY KEY (hash, doc)
) WITHOUT ROWID;

-- Reuse pairs; `a` was ingested before `b`.
CREATE TABLE reuse (
    a      INTEGER NOT NULL,
    b      INTEGER NOT NULL,
    copier INTEGER,                     -- the later-published of the two; NULL when dates don't tell
    pair   TEXT NOT NULL,               -- the Reuse as the report prints it
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX reuse_b ON reuse(b);
CREATE INDEX reuse_copier ON reuse(copier);

-- Claim clusters, replaced as new documents join them.
CREATE TABLE clusters (
    key     INTEGER PRIMARY KEY AUTOINCREMENT,
    cluster TEXT NOT NULL               -- the Cluster as the report prints it
);
CREATE TABLE cluster_docs (
    cluster INTEGER NOT NULL,
    doc     INTEGER NOT NULL,
    PRIMARY KEY (cluster, doc)
) WITHOUT ROWID;
CREATE INDEX cluster_docs_doc ON cluster_docs(doc);

-- Documents whose search-index entry is missing or stale. Written in the same transaction as
-- the documents, emptied after the search index commits: a crash in between is repaired by
-- the next run.
CREATE TABLE index_queue (
    doc INTEGER PRIMARY KEY
);
