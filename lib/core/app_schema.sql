-- The app database (SQLite, WAL): what people and the importer's runs write that is not school
-- data. An import or an undo never replaces this file; backup and restore carry it with the store.
-- Times are ISO 8601 text in the server's local time ("2026-12-02T05:01:07").

CREATE TABLE IF NOT EXISTS schema_info (version INTEGER NOT NULL);

-- Every attempt to change the data: imports (from the command line, the Data page or the drop
-- folder), undos and restores. import_id is the one sequence the store's own import_log and the
-- snapshot files use.
CREATE TABLE IF NOT EXISTS imports (
    import_id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,                    -- import | undo | restore
    started_at TEXT NOT NULL,
    finished_at TEXT,
    outcome TEXT NOT NULL,                 -- running | imported | unchanged | rejected | failed
                                           -- | interrupted | undone | done
    who TEXT NOT NULL DEFAULT '',
    via TEXT NOT NULL DEFAULT '',          -- command line | Data page | drop folder
    pid INTEGER,                           -- the process while it runs (a dead one: interrupted)
    files TEXT NOT NULL DEFAULT '[]',      -- JSON list: name, sha256, encoding, table
    rows_per_table TEXT NOT NULL DEFAULT '{}',  -- JSON: table -> {new, changed, unchanged}
    problems INTEGER NOT NULL DEFAULT 0,
    problem_list TEXT NOT NULL DEFAULT '[]',    -- JSON list of the first 200: file, line, column, value, message
    summary TEXT,
    undoes INTEGER,                        -- an undo: the import it took back
    snapshot TEXT                          -- the snapshot file it published, if it published one
);

-- A snapshot a later feature refers to (a goal review keeps the data it saw): never pruned.
CREATE TABLE IF NOT EXISTS snapshot_pins (
    snapshot TEXT NOT NULL,
    reason TEXT NOT NULL,
    pinned_at TEXT NOT NULL,
    PRIMARY KEY (snapshot, reason)
);

-- One holder at a time (the drop-folder watcher), however many processes ask; a holder that
-- dies stops renewing and its lease runs out.
CREATE TABLE IF NOT EXISTS leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at REAL NOT NULL               -- seconds since the epoch
);

-- Version 2 (issue 13): the audit trail. Who signed in, and whose student names were viewed or
-- downloaded (school, class). Only ever added to.
CREATE TABLE IF NOT EXISTS audit_events (
    event_id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    event TEXT NOT NULL,
    school_id TEXT,
    detail TEXT
);

-- Version 3 (issue 14): links that open one school's staff-meeting screen without signing in
-- (a TV can't sign in every 30 days). Only the token's SHA-256 is kept: the link is shown once
-- when it is made. A revoked link stays listed (revoked_at set) and opens nothing.
CREATE TABLE IF NOT EXISTS display_links (
    link_id INTEGER PRIMARY KEY,
    school_id TEXT NOT NULL,
    label TEXT NOT NULL,                   -- where the screen is: "Staff room TV"
    token_sha256 TEXT NOT NULL UNIQUE,     -- hex digest of the token in the link
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_by TEXT,
    revoked_at TEXT,
    last_used_at TEXT                      -- written at most every 10 minutes (a TV polls often)
);
