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
  // v2: the learning layer's memory. The v1 strategy and error-pattern tables were
  // never written, so they are replaced rather than altered.
  [
    `DROP TRIGGER strategies_ai`,
    `DROP TRIGGER strategies_ad`,
    `DROP TRIGGER strategies_au`,
    `DROP TABLE strategies_fts`,
    `DROP TABLE strategies`,
    `DROP TABLE error_patterns`,
    // Strategies: one per way of working (plan signature). JSON columns (plan, pitfalls,
    // tasks) are indexed as they are: the tokenizer reads JSON punctuation as spaces.
    `CREATE TABLE strategies (
       id TEXT NOT NULL UNIQUE,
       family TEXT,
       title TEXT NOT NULL,
       description TEXT NOT NULL,
       plan TEXT NOT NULL,
       pitfalls TEXT NOT NULL,
       tasks TEXT NOT NULL,
       signature TEXT NOT NULL,
       source_trajectories TEXT NOT NULL,
       support INTEGER NOT NULL,
       author TEXT NOT NULL,
       judgement TEXT NOT NULL,
       created_at INTEGER NOT NULL,
       updated_at INTEGER NOT NULL,
       retrievals INTEGER NOT NULL DEFAULT 0,
       last_retrieved_at INTEGER,
       pruned_at INTEGER,
       prune_reason TEXT,
       embedding F32_BLOB(256)
     )`,
    `CREATE INDEX strategies_family ON strategies (family)`,
    ...ftsIndex("strategies", ["title", "description", "plan", "tasks"]),
    // Code concepts: repeated code shapes, generalised with holes.
    `CREATE TABLE concepts (
       id TEXT NOT NULL UNIQUE,
       language TEXT NOT NULL,
       name TEXT NOT NULL,
       signature TEXT NOT NULL,
       docs TEXT NOT NULL,
       template TEXT NOT NULL,
       frequency INTEGER NOT NULL,
       trajectories TEXT NOT NULL,
       examples TEXT NOT NULL,
       author TEXT NOT NULL,
       created_at INTEGER NOT NULL,
       updated_at INTEGER NOT NULL,
       retrievals INTEGER NOT NULL DEFAULT 0,
       last_retrieved_at INTEGER,
       pruned_at INTEGER,
       prune_reason TEXT
     )`,
    ...ftsIndex("concepts", ["name", "signature", "docs", "template"]),
    // Every error a trajectory met; the batch clusters them into patterns.
    `CREATE TABLE error_occurrences (
       trajectory_id TEXT NOT NULL,
       idx INTEGER NOT NULL,
       family TEXT,
       text TEXT NOT NULL,
       template TEXT NOT NULL,
       action TEXT,
       recovery TEXT,
       at INTEGER NOT NULL,
       PRIMARY KEY (trajectory_id, idx)
     ) WITHOUT ROWID`,
    `CREATE TABLE error_patterns (
       id TEXT NOT NULL UNIQUE,
       family TEXT,
       name TEXT NOT NULL,
       signature TEXT NOT NULL,
       frequency INTEGER NOT NULL,
       distinct_trajectories INTEGER NOT NULL,
       suggested_fix TEXT,
       fix_source TEXT,
       examples TEXT NOT NULL,
       updated_at INTEGER NOT NULL
     )`,
    ...ftsIndex("error_patterns", ["name", "signature", "suggested_fix", "examples"]),
    // One row per trajectory whose learning is done: its result, so a repeat (a retry,
    // a replay after a crash) reuses it instead of learning, or paying, twice.
    `CREATE TABLE learned_trajectories (
       trajectory_id TEXT PRIMARY KEY,
       family TEXT,
       outcome TEXT,
       result TEXT NOT NULL,
       learned_at INTEGER NOT NULL
     ) WITHOUT ROWID`,
    `CREATE INDEX learned_trajectories_at ON learned_trajectories (learned_at)`,
    // Small named documents: the learning config, the batch actor's snapshot, the outcome model.
    `CREATE TABLE learning_state (
       key TEXT PRIMARY KEY,
       value TEXT NOT NULL,
       updated_at INTEGER NOT NULL
     ) WITHOUT ROWID`,
    `CREATE TABLE learning_batches (
       id TEXT PRIMARY KEY,
       trigger TEXT NOT NULL,
       status TEXT NOT NULL,
       started_at INTEGER NOT NULL,
       finished_at INTEGER,
       result TEXT,
       error TEXT
     ) WITHOUT ROWID`,
  ],
];

/** An FTS5 index (BM25, Porter stemming) over `columns` of `table`, kept current by triggers. */
function ftsIndex(table: string, columns: readonly string[]): string[] {
  const list = columns.join(", ");
  const values = (row: string) => columns.map((c) => `${row}.${c}`).join(", ");
  return [
    `CREATE VIRTUAL TABLE ${table}_fts USING fts5 (
       ${list}, content='${table}', content_rowid='rowid', tokenize='porter unicode61'
     )`,
    `CREATE TRIGGER ${table}_ai AFTER INSERT ON ${table} BEGIN
       INSERT INTO ${table}_fts (rowid, ${list}) VALUES (new.rowid, ${values("new")});
     END`,
    `CREATE TRIGGER ${table}_ad AFTER DELETE ON ${table} BEGIN
       INSERT INTO ${table}_fts (${table}_fts, rowid, ${list}) VALUES ('delete', old.rowid, ${values("old")});
     END`,
    `CREATE TRIGGER ${table}_au AFTER UPDATE OF ${list} ON ${table} BEGIN
       INSERT INTO ${table}_fts (${table}_fts, rowid, ${list}) VALUES ('delete', old.rowid, ${values("old")});
       INSERT INTO ${table}_fts (rowid, ${list}) VALUES (new.rowid, ${values("new")});
     END`,
  ];
}
