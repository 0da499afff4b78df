/**
 * The schema, as an ordered list of migrations. A migration is applied once, in
 * one transaction, and recorded in `schema_migrations`; never edit a released one,
 * add the next.
 *
 * @module
 */

/** Each entry is one version: statements run in order in one transaction. */
export const migrations: readonly (readonly string[])[] = [
  [
    // The embedded event log: what POST /v1/events appends when there is no Kafka.
    `CREATE TABLE event_log (
       seq INTEGER PRIMARY KEY AUTOINCREMENT,
       source TEXT NOT NULL,
       id TEXT NOT NULL,
       key TEXT NOT NULL,
       value TEXT NOT NULL,
       appended_at INTEGER NOT NULL
     )`,
    `CREATE UNIQUE INDEX event_log_identity ON event_log (source, id)`,
    // Next offset to read per partition, written in the same transaction as the state.
    `CREATE TABLE consumer_offsets (
       grp TEXT NOT NULL,
       topic TEXT NOT NULL,
       partition INTEGER NOT NULL,
       next_offset INTEGER NOT NULL,
       updated_at INTEGER NOT NULL,
       PRIMARY KEY (grp, topic, partition)
     ) WITHOUT ROWID`,
    // (source, id) of every applied event: a repeat changes nothing.
    `CREATE TABLE seen_events (
       source TEXT NOT NULL,
       id TEXT NOT NULL,
       seen_at INTEGER NOT NULL,
       PRIMARY KEY (source, id)
     ) WITHOUT ROWID`,
    `CREATE INDEX seen_events_age ON seen_events (seen_at)`,
    // One row per trajectory actor: its persisted XState snapshot and the columns queried.
    `CREATE TABLE trajectories (
       id TEXT NOT NULL UNIQUE,
       state TEXT NOT NULL,
       outcome TEXT,
       family TEXT,
       step_count INTEGER NOT NULL,
       late_events INTEGER NOT NULL,
       partition INTEGER NOT NULL,
       deadline INTEGER,
       updated_at INTEGER NOT NULL,
       snapshot TEXT NOT NULL
     )`,
    `CREATE INDEX trajectories_state ON trajectories (state)`,
    `CREATE INDEX trajectories_outcome ON trajectories (outcome)`,
    `CREATE INDEX trajectories_deadline ON trajectories (deadline) WHERE deadline IS NOT NULL`,
    // Step contents live beside the snapshot, not in it, so a snapshot stays small. A
    // rowid table: the large bodies append in arrival order, only the narrow index is
    // ordered by trajectory (measured: a third cheaper than a WITHOUT ROWID table).
    `CREATE TABLE steps (
       trajectory_id TEXT NOT NULL,
       idx INTEGER NOT NULL,
       body TEXT NOT NULL,
       event_source TEXT NOT NULL,
       event_id TEXT NOT NULL
     )`,
    `CREATE UNIQUE INDEX steps_position ON steps (trajectory_id, idx)`,
    // Events for a trajectory that had already closed: kept, counted, never reopening it.
    `CREATE TABLE late_events (
       rowid INTEGER PRIMARY KEY,
       trajectory_id TEXT NOT NULL,
       type TEXT NOT NULL,
       event_source TEXT NOT NULL,
       event_id TEXT NOT NULL,
       body TEXT NOT NULL,
       received_at INTEGER NOT NULL
     )`,
    `CREATE INDEX late_events_trajectory ON late_events (trajectory_id)`,
    `CREATE TABLE dead_letters (
       rowid INTEGER PRIMARY KEY,
       at INTEGER NOT NULL,
       origin TEXT NOT NULL,
       topic TEXT,
       partition INTEGER,
       offset INTEGER,
       key TEXT,
       value TEXT NOT NULL,
       headers TEXT,
       code TEXT NOT NULL,
       reason TEXT NOT NULL
     )`,
    `CREATE TABLE evaluations (
       event_source TEXT NOT NULL,
       event_id TEXT NOT NULL,
       trajectory_id TEXT NOT NULL,
       quality_score REAL NOT NULL,
       confidence REAL NOT NULL,
       body TEXT NOT NULL,
       received_at INTEGER NOT NULL,
       PRIMARY KEY (event_source, event_id)
     )`,
    `CREATE INDEX evaluations_trajectory ON evaluations (trajectory_id)`,
    // L02/L05/L06 events, kept for the training-data join.
    `CREATE TABLE upstream_events (
       event_source TEXT NOT NULL,
       event_id TEXT NOT NULL,
       type TEXT NOT NULL,
       execution_id TEXT NOT NULL,
       body TEXT NOT NULL,
       received_at INTEGER NOT NULL,
       PRIMARY KEY (event_source, event_id)
     )`,
    `CREATE INDEX upstream_events_execution ON upstream_events (execution_id)`,
    // Learned knowledge, retrieved by later agents; BM25 over FTS5.
    `CREATE TABLE strategies (
       id TEXT PRIMARY KEY,
       title TEXT NOT NULL,
       description TEXT NOT NULL,
       body TEXT NOT NULL,
       source_trajectories TEXT NOT NULL,
       created_at INTEGER NOT NULL
     )`,
    `CREATE VIRTUAL TABLE strategies_fts USING fts5 (
       title, description, content='strategies', content_rowid='rowid'
     )`,
    `CREATE TRIGGER strategies_ai AFTER INSERT ON strategies BEGIN
       INSERT INTO strategies_fts (rowid, title, description) VALUES (new.rowid, new.title, new.description);
     END`,
    `CREATE TRIGGER strategies_ad AFTER DELETE ON strategies BEGIN
       INSERT INTO strategies_fts (strategies_fts, rowid, title, description)
       VALUES ('delete', old.rowid, old.title, old.description);
     END`,
    `CREATE TRIGGER strategies_au AFTER UPDATE ON strategies BEGIN
       INSERT INTO strategies_fts (strategies_fts, rowid, title, description)
       VALUES ('delete', old.rowid, old.title, old.description);
       INSERT INTO strategies_fts (rowid, title, description) VALUES (new.rowid, new.title, new.description);
     END`,
    `CREATE TABLE error_patterns (
       name TEXT PRIMARY KEY,
       signature TEXT NOT NULL,
       frequency INTEGER NOT NULL,
       suggested_fix TEXT,
       examples TEXT NOT NULL,
       updated_at INTEGER NOT NULL
     )`,
  ],
];
