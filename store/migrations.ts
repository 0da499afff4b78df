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
  [
    // Training examples, one per join key; `body` is the whole TrainingExample.
    `CREATE TABLE training_examples (
       id TEXT PRIMARY KEY,
       source TEXT NOT NULL,
       task_key TEXT NOT NULL,
       domain TEXT NOT NULL,
       quality_score REAL NOT NULL,
       confidence REAL NOT NULL,
       hash TEXT NOT NULL,
       body TEXT NOT NULL,
       extracted_at INTEGER NOT NULL
     ) WITHOUT ROWID`,
    `CREATE INDEX training_examples_domain ON training_examples (domain, quality_score)`,
    // Every new or changed example, in order: a dataset's next patch reads what came after its watermark.
    `CREATE TABLE training_example_changes (
       seq INTEGER PRIMARY KEY AUTOINCREMENT,
       example_id TEXT NOT NULL,
       at INTEGER NOT NULL
     )`,
    // One row per join key, kept by the triggers below in the transaction that stored
    // the part: no part is noticed late or twice. `version` moves on every part, so
    // a decision taken on older parts does not clear `dirty`.
    `CREATE TABLE training_joins (
       key TEXT PRIMARY KEY,
       kind TEXT NOT NULL,
       subject TEXT NOT NULL,
       first_at INTEGER NOT NULL,
       last_at INTEGER NOT NULL,
       has_execution INTEGER NOT NULL DEFAULT 0,
       has_planning INTEGER NOT NULL DEFAULT 0,
       has_evaluation INTEGER NOT NULL DEFAULT 0,
       has_trajectory INTEGER NOT NULL DEFAULT 0,
       version INTEGER NOT NULL DEFAULT 1,
       dirty INTEGER NOT NULL DEFAULT 1,
       status TEXT NOT NULL DEFAULT 'waiting',
       code TEXT,
       reason TEXT,
       decided_at INTEGER
     ) WITHOUT ROWID`,
    `CREATE INDEX training_joins_pending ON training_joins (first_at) WHERE dirty = 1`,
    `CREATE INDEX training_joins_status ON training_joins (status)`,
    `CREATE TRIGGER training_joins_upstream AFTER INSERT ON upstream_events BEGIN
       INSERT INTO training_joins (key, kind, subject, first_at, last_at, has_execution, has_planning, has_evaluation)
       VALUES ('exec:' || new.execution_id, 'execution', new.execution_id, new.received_at, new.received_at,
               new.type = 'execution.completed', new.type = 'planning.completed', new.type = 'evaluation.completed')
       ON CONFLICT (key) DO UPDATE SET
         last_at = excluded.last_at,
         has_execution = max(has_execution, excluded.has_execution),
         has_planning = max(has_planning, excluded.has_planning),
         has_evaluation = max(has_evaluation, excluded.has_evaluation),
         version = version + 1,
         dirty = 1;
       UPDATE training_joins SET has_evaluation = 1, last_at = new.received_at, version = version + 1, dirty = 1
       WHERE new.type = 'evaluation.completed' AND key = 'traj:' || new.execution_id;
     END`,
    `CREATE TRIGGER training_joins_evaluation AFTER INSERT ON evaluations BEGIN
       INSERT INTO training_joins (key, kind, subject, first_at, last_at, has_evaluation)
       VALUES ('traj:' || new.trajectory_id, 'trajectory', new.trajectory_id, new.received_at, new.received_at, 1)
       ON CONFLICT (key) DO UPDATE SET
         last_at = excluded.last_at, has_evaluation = 1, version = version + 1, dirty = 1;
     END`,
    ...["INSERT", "UPDATE OF state"].map((event) =>
      `CREATE TRIGGER training_joins_trajectory_${event === "INSERT" ? "insert" : "update"}
       AFTER ${event} ON trajectories
       WHEN new.state IN ('completed', 'failed', 'aborted')
         ${event === "INSERT" ? "" : "AND old.state NOT IN ('completed', 'failed', 'aborted')"}
       BEGIN
         INSERT INTO training_joins (key, kind, subject, first_at, last_at, has_trajectory, has_evaluation)
         VALUES ('traj:' || new.id, 'trajectory', new.id, new.updated_at, new.updated_at, 1,
                 EXISTS (SELECT 1 FROM upstream_events
                         WHERE execution_id = new.id AND type = 'evaluation.completed'))
         ON CONFLICT (key) DO UPDATE SET
           last_at = excluded.last_at, has_trajectory = 1,
           has_evaluation = max(has_evaluation, excluded.has_evaluation), version = version + 1, dirty = 1;
       END`
    ),
    // Named datasets; `filter` and `split` are the configuration the next version is built with.
    `CREATE TABLE datasets (
       name TEXT PRIMARY KEY,
       description TEXT,
       filter TEXT NOT NULL,
       split TEXT NOT NULL,
       created_at INTEGER NOT NULL,
       updated_at INTEGER NOT NULL
     ) WITHOUT ROWID`,
    `CREATE TABLE dataset_versions (
       dataset TEXT NOT NULL,
       version TEXT NOT NULL,
       seq INTEGER NOT NULL,
       parent TEXT,
       change TEXT NOT NULL,
       schema_version INTEGER NOT NULL,
       filter_hash TEXT NOT NULL,
       watermark INTEGER NOT NULL,
       content_hash TEXT NOT NULL,
       body TEXT NOT NULL,
       created_at INTEGER NOT NULL,
       PRIMARY KEY (dataset, version),
       UNIQUE (dataset, seq)
     ) WITHOUT ROWID`,
    // Members as ranges of version numbers: a version is every row with
    // added_in <= seq < removed_in. The frozen body keeps a version's content immutable.
    `CREATE TABLE dataset_members (
       dataset TEXT NOT NULL,
       example_id TEXT NOT NULL,
       added_in INTEGER NOT NULL,
       removed_in INTEGER,
       split TEXT NOT NULL,
       task_key TEXT NOT NULL,
       domain TEXT NOT NULL,
       example_hash TEXT NOT NULL,
       body TEXT NOT NULL,
       PRIMARY KEY (dataset, example_id, added_in)
     ) WITHOUT ROWID`,
    `CREATE INDEX dataset_members_export ON dataset_members (dataset, split, task_key, example_id)`,
    `CREATE TABLE dataset_rejections (
       dataset TEXT NOT NULL,
       version_seq INTEGER NOT NULL,
       example_id TEXT NOT NULL,
       reason TEXT NOT NULL,
       detail TEXT NOT NULL,
       PRIMARY KEY (dataset, version_seq, example_id)
     ) WITHOUT ROWID`,
  ],
  // v4: training jobs, model versions, their validations, aliases and the audit log.
  [
    // A job's actor snapshot is the truth; the other columns are its indexed view.
    `CREATE TABLE jobs (
       id TEXT PRIMARY KEY,
       type TEXT NOT NULL,
       backend TEXT NOT NULL,
       state TEXT NOT NULL,
       dataset TEXT NOT NULL,
       dataset_version TEXT NOT NULL,
       model_id TEXT,
       snapshot TEXT NOT NULL,
       created_at INTEGER NOT NULL,
       updated_at INTEGER NOT NULL
     )`,
    `CREATE INDEX jobs_by_state ON jobs (state, created_at)`,
    `CREATE TABLE models (
       id TEXT PRIMARY KEY,
       name TEXT NOT NULL,
       version INTEGER NOT NULL,
       kind TEXT NOT NULL,
       stage TEXT NOT NULL,
       job_id TEXT,
       dataset TEXT,
       dataset_version TEXT,
       base_model TEXT NOT NULL,
       backend TEXT NOT NULL,
       artifact_dir TEXT NOT NULL,
       checksum TEXT NOT NULL,
       signature TEXT,
       metrics TEXT NOT NULL,
       snapshot TEXT NOT NULL,
       created_at INTEGER NOT NULL,
       updated_at INTEGER NOT NULL,
       UNIQUE (name, version)
     )`,
    `CREATE UNIQUE INDEX models_by_job ON models (job_id) WHERE job_id IS NOT NULL`,
    `CREATE INDEX models_by_stage ON models (stage)`,
    `CREATE TABLE model_validations (
       id TEXT PRIMARY KEY,
       model_id TEXT NOT NULL,
       recommendation TEXT NOT NULL,
       report TEXT NOT NULL,
       created_at INTEGER NOT NULL
     )`,
    `CREATE INDEX model_validations_by_model ON model_validations (model_id, created_at)`,
    `CREATE TABLE model_aliases (
       alias TEXT PRIMARY KEY,
       model_id TEXT NOT NULL,
       updated_at INTEGER NOT NULL,
       updated_by TEXT NOT NULL
     ) WITHOUT ROWID`,
    // Who, when, from, to, why: one row per transition of a job, a model or an alias.
    `CREATE TABLE audit_log (
       seq INTEGER PRIMARY KEY AUTOINCREMENT,
       entity TEXT NOT NULL,
       entity_id TEXT NOT NULL,
       actor TEXT NOT NULL,
       at INTEGER NOT NULL,
       from_state TEXT,
       to_state TEXT NOT NULL,
       reason TEXT NOT NULL,
       details TEXT
     )`,
    `CREATE INDEX audit_log_by_entity ON audit_log (entity, entity_id, seq)`,
  ],
  // v5: learning at the pace of ingest. Which trajectories a strategy already counts
  // is an index lookup, not a scan of its sources; the learning backlog (trajectories
  // in `analyzing`) is read oldest first from an index.
  [
    `CREATE TABLE strategy_sources (
       strategy_id TEXT NOT NULL,
       trajectory_id TEXT NOT NULL,
       PRIMARY KEY (strategy_id, trajectory_id)
     ) WITHOUT ROWID`,
    `INSERT OR IGNORE INTO strategy_sources (strategy_id, trajectory_id)
     SELECT s.id, j.value FROM strategies s, json_each(s.source_trajectories) j`,
    `DROP INDEX trajectories_state`,
    `CREATE INDEX trajectories_state ON trajectories (state, updated_at)`,
  ],
  // v6: a learning batch clusters the newest error occurrences, not the whole history.
  [
    `CREATE INDEX error_occurrences_at ON error_occurrences (at)`,
  ],
  // v7: what was learned since the last batch run, and how much of it succeeded, is
  // counted from the index alone (it was read on every completion).
  [
    `DROP INDEX learned_trajectories_at`,
    `CREATE INDEX learned_trajectories_at ON learned_trajectories (learned_at, outcome)`,
  ],
  // v8: searches of each memory library per minute, and how many found something (its hit rate over time).
  [
    `CREATE TABLE memory_searches (
       library TEXT NOT NULL,
       minute INTEGER NOT NULL,
       searches INTEGER NOT NULL,
       hits INTEGER NOT NULL,
       PRIMARY KEY (library, minute)
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
