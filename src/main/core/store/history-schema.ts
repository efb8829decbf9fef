import { USAGE_DAYS_SQL } from './usage-rollup.ts';

/**
 * The history database's migrations, in order. `PRAGMA user_version` holds the last one applied.
 * Each runs inside one transaction, after a backup copy of the file (see history-db.ts).
 */
export interface HistoryMigration {
  version: number;
  sql: string;
}

export const historyMigrations: HistoryMigration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        pinned INTEGER NOT NULL DEFAULT 0,
        archived INTEGER NOT NULL DEFAULT 0,
        folder TEXT,
        tags TEXT NOT NULL DEFAULT '[]',
        model TEXT,
        source TEXT NOT NULL,
        -- the id in the system a conversation was imported from, so a second import adds nothing
        source_id TEXT,
        current_leaf_id TEXT,
        -- soft delete: set, the conversation is hidden and can be restored (undo) until purged
        deleted_at INTEGER
      );
      CREATE UNIQUE INDEX conversations_by_source ON conversations(source, source_id) WHERE source_id IS NOT NULL;
      CREATE INDEX conversations_by_order ON conversations(pinned, updated_at, id) WHERE deleted_at IS NULL;

      -- Messages form a tree through parent_id; an edit or a regeneration is a new sibling.
      CREATE TABLE messages (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        parent_id TEXT,
        role TEXT NOT NULL,
        content TEXT NOT NULL DEFAULT '',
        reasoning TEXT,
        state TEXT NOT NULL,
        error TEXT,
        provider_id TEXT,
        model TEXT,
        usage TEXT,
        cost_usd REAL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        source_id TEXT,
        -- the process writing a streaming answer; a dead writer's answer is marked interrupted on open
        writer_pid INTEGER
      );
      CREATE INDEX messages_by_conversation ON messages(conversation_id, created_at, seq);
      CREATE UNIQUE INDEX messages_by_source ON messages(conversation_id, source_id) WHERE source_id IS NOT NULL;
      CREATE INDEX messages_streaming ON messages(state) WHERE state = 'streaming';

      -- Full-text search. Substrings of 3+ characters in any script (trigram); 1-2 character queries
      -- use message_grams, where CJK characters are indexed one by one and other words whole.
      CREATE VIRTUAL TABLE message_fts USING fts5(content, tokenize = 'trigram', content = '', contentless_delete = 1);
      CREATE VIRTUAL TABLE message_grams USING fts5(content, tokenize = 'unicode61 remove_diacritics 2', content = '', contentless_delete = 1);

      CREATE TABLE request_metrics (
        request_id TEXT PRIMARY KEY,
        conversation_id TEXT,
        provider_id TEXT NOT NULL,
        model TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        ttft_ms REAL,
        total_ms REAL NOT NULL,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        usage_estimated INTEGER NOT NULL,
        tokens_per_second REAL,
        retries INTEGER NOT NULL,
        failover_hops INTEGER NOT NULL,
        outcome TEXT NOT NULL,
        error_code TEXT,
        cost_usd REAL
      );
      CREATE INDEX request_metrics_by_time ON request_metrics(started_at);
    `,
  },
  {
    // The model belongs to the conversation (the one its last answer used), and a title may be
    // generated once after the first answer unless the user named the conversation.
    version: 2,
    sql: `
      ALTER TABLE conversations ADD COLUMN provider_id TEXT;
      -- 'pending': a title may be generated; 'generating': a request is out; 'kept': never again
      -- (renamed by the user, generated already, imported, or made before titles were generated)
      ALTER TABLE conversations ADD COLUMN title_state TEXT NOT NULL DEFAULT 'kept';
      UPDATE conversations SET (provider_id, model) = (
        SELECT m.provider_id, m.model FROM messages m
        WHERE m.conversation_id = conversations.id AND m.role = 'assistant'
          AND m.provider_id IS NOT NULL AND m.model IS NOT NULL
        ORDER BY m.created_at DESC, m.seq DESC LIMIT 1);
    `,
  },
  {
    // A conversation's own instructions (from its assistant, then edited in it), its parameters and
    // how much history it sends; what a request changed to fit (on the answer); which system prompt
    // version and assistant each request used. Older conversations get empty settings.
    version: 3,
    sql: `
      ALTER TABLE conversations ADD COLUMN assistant_id TEXT;
      ALTER TABLE conversations ADD COLUMN system_prompt TEXT NOT NULL DEFAULT '';
      -- 0 until a system prompt is set; one more with each change of it
      ALTER TABLE conversations ADD COLUMN system_prompt_version INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE conversations ADD COLUMN parameters TEXT NOT NULL DEFAULT '{}';
      -- how many earlier messages are sent; NULL: all of them
      ALTER TABLE conversations ADD COLUMN history_limit INTEGER;
      ALTER TABLE messages ADD COLUMN adjustments TEXT;
      ALTER TABLE request_metrics ADD COLUMN system_prompt_version INTEGER;
      ALTER TABLE request_metrics ADD COLUMN assistant_id TEXT;
    `,
  },
  {
    // A message's content is a list of parts (text, image, file). Attachments are stored once by
    // content hash (attachment-store.ts): their files in the data folder, their metadata here, and
    // which messages refer to which, so an attachment no message refers to can be removed.
    version: 4,
    sql: `
      -- JSON list of parts; NULL: one text part equal to content (every message before version 4)
      ALTER TABLE messages ADD COLUMN parts TEXT;
      CREATE TABLE attachments (
        -- SHA-256 of the stored bytes, lower-case hex; the file is attachments/<id[0..2]>/<id>
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        mime TEXT NOT NULL,
        size INTEGER NOT NULL,
        width INTEGER,
        height INTEGER,
        -- a text file's text or a PDF's extracted text (searchable, sent in its place)
        text TEXT,
        tokens INTEGER,
        created_at INTEGER NOT NULL,
        -- the last time it was stored (an upload not sent yet is kept a day from then)
        put_at INTEGER NOT NULL,
        -- when the last message that referred to it went (it is kept for the undo window from then)
        released_at INTEGER
      );
      CREATE TABLE message_attachments (
        message_seq INTEGER NOT NULL REFERENCES messages(seq) ON DELETE CASCADE,
        attachment_id TEXT NOT NULL REFERENCES attachments(id),
        PRIMARY KEY (message_seq, attachment_id)
      ) WITHOUT ROWID;
      CREATE INDEX message_attachments_by_attachment ON message_attachments(attachment_id);
    `,
  },
  {
    // What the content filters found in an answer, how long it took, and which answers were asked
    // together in one comparison (the user message's id).
    version: 5,
    sql: `
      ALTER TABLE messages ADD COLUMN filter TEXT;
      ALTER TABLE messages ADD COLUMN timing TEXT;
      ALTER TABLE messages ADD COLUMN compare_id TEXT;
    `,
  },
  {
    // Each day's requests per provider, model and assistant, with latency histograms: what the
    // usage summary reads (usage-rollup.ts), built from the records kept so far.
    version: 6,
    sql: USAGE_DAYS_SQL,
  },
  {
    // A person's thumbs up or down on an answer (routing.ts's AnswerRating) and the route it took
    // (model, the key's last four characters, why), as JSON.
    version: 7,
    sql: `
      ALTER TABLE messages ADD COLUMN rating TEXT;
      ALTER TABLE messages ADD COLUMN route TEXT;
    `,
  },
  {
    // The rated answers by time: what the usage summary's quality reads (usage-quality.ts), so it
    // touches the rated answers only, not every message.
    version: 8,
    sql: `CREATE INDEX messages_rated ON messages(created_at) WHERE rating IS NOT NULL;`,
  },
  {
    // The MCP servers whose tools the conversation's answers may call (a JSON array of names).
    version: 9,
    sql: `ALTER TABLE conversations ADD COLUMN tools TEXT NOT NULL DEFAULT '[]';`,
  },
];

export const HISTORY_VERSION = historyMigrations.at(-1)!.version;
