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

-- Version 4 (issue 15): what leadership teams write. Goals set or changed in the app (one row
-- per save, never updated: the newest row of a goal_id is its definition, the others its
-- history), goal reviews, their notes and decisions per goal, and action items.
CREATE TABLE IF NOT EXISTS goal_edits (
    edit_id INTEGER PRIMARY KEY,
    goal_id TEXT NOT NULL,
    school_id TEXT NOT NULL,
    title TEXT NOT NULL,
    metric TEXT NOT NULL,
    target REAL NOT NULL,
    start_date TEXT NOT NULL,              -- ISO dates
    end_date TEXT NOT NULL,
    subject TEXT,
    grade_level TEXT,
    subgroup TEXT,
    owner TEXT,
    baseline REAL,                         -- the value the form showed when it was saved
    -- The newest change in the store when it was saved: an import that changes the goal's row
    -- later (a higher import_id) wins; an undo of that import gives this edit back.
    after_import INTEGER NOT NULL,
    edited_by TEXT NOT NULL,
    edited_at TEXT NOT NULL,
    changes TEXT NOT NULL                  -- JSON list of sentences: "Target: 45,000 books → 50,000 books"
);
CREATE INDEX IF NOT EXISTS goal_edits_goal ON goal_edits (goal_id, edit_id);

-- A review pins the store snapshot it was started on (snapshot_pins too), so its "then" figures
-- never move; closing it copies every figure and chart point into `frozen` (JSON), which is
-- what a closed review shows and prints, whatever later imports or retention do.
CREATE TABLE IF NOT EXISTS reviews (
    review_id INTEGER PRIMARY KEY,
    school_id TEXT NOT NULL,
    held_on TEXT NOT NULL,                 -- the meeting's date (ISO)
    data_day TEXT NOT NULL,                -- the latest day of the data it was started on
    snapshot TEXT,                         -- the snapshot file (NULL: a store without snapshots)
    edits_up_to INTEGER NOT NULL,          -- the newest goal_edits row it counts
    attendees TEXT NOT NULL DEFAULT '',
    started_by TEXT NOT NULL,
    started_at TEXT NOT NULL,
    closed_by TEXT,
    closed_at TEXT,
    frozen TEXT                            -- JSON, set when closed
);

CREATE TABLE IF NOT EXISTS review_notes (
    review_id INTEGER NOT NULL,
    goal_id TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    decisions TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (review_id, goal_id)
);

-- An action item belongs to the review it was made in, and is carried into every later review
-- of the school while it is open.
CREATE TABLE IF NOT EXISTS action_items (
    item_id INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL,
    goal_id TEXT NOT NULL,
    what TEXT NOT NULL,
    owner TEXT NOT NULL,                   -- a staff member's name as staff.csv spells it
    due_on TEXT NOT NULL,                  -- ISO date
    status TEXT NOT NULL DEFAULT 'open',   -- open | done | dropped
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_by TEXT,
    updated_at TEXT
);

-- The open action items a review started with (carried from earlier reviews of its school).
CREATE TABLE IF NOT EXISTS carried_items (
    review_id INTEGER NOT NULL,
    item_id INTEGER NOT NULL,
    PRIMARY KEY (review_id, item_id)
);
