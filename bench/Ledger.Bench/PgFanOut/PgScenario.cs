namespace Ledger.Bench.PgFanOut;

/// <summary>
/// The PostgreSQL tenant scenario: the same five steps as the SQLite fan-out (<see cref="FanOut.FanOutScenario"/>) in
/// PostgreSQL's own types — identity keys, <c>timestamptz</c>, <c>boolean</c>, a PL/pgSQL trigger function in
/// dollar quotes — each step failing if applied twice. Every tenant is a schema (<c>tenant_{name}</c>) of one
/// database; its tables are named without a schema, so that <c>search_path</c> decides where they go, as a
/// schema-per-tenant application writes them.
/// </summary>
internal sealed class PgScenario
{
    public PgScenario(int steps)
    {
        if (steps < 1) throw new ArgumentException("--steps must be at least 1");
        Steps = Enumerable.Range(1, steps).Select(Step).ToList();
    }

    /// <summary>The SQL of each step, in order.</summary>
    public IReadOnlyList<string> Steps { get; }

    /// <summary>Tenant <paramref name="i"/>'s name (1-based): what the system database's <c>tenants</c> table lists.</summary>
    public static string Tenant(int i) => $"u{i:00000}";

    /// <summary>The schema holding a tenant.</summary>
    public static string Schema(string tenant) => $"tenant_{tenant}";

    /// <summary>Version reached by step <paramref name="index"/> (0-based).</summary>
    public static string Version(int index) => FanOut.FanOutScenario.Version(index);

    /// <summary>
    /// The ledger: the tenants' steps under the scope <c>tenant</c>. The system scope (the database's <c>public</c>
    /// schema, where the <c>tenants</c> table is) has no steps: its table is made before the timed runs, like the
    /// empty schemas, so that every contender starts from the same nothing and lists the same tenants.
    /// </summary>
    public string Ledger() => FanOut.FanOutScenario.LedgerOf(Steps, "tenant", "Tenant benchmark ledger (PostgreSQL)", "pg-fanout");

    /// <summary>Writes the scenario as dbmate migrations (one file per step; dbmate wraps each in a transaction).</summary>
    public void WriteDbmate(string directory) => FanOut.FanOutScenario.WriteDbmate(Steps, directory);

    private static string Step(int n) => n switch
    {
        1 => """
            CREATE TABLE notes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, title text NOT NULL, body text NOT NULL DEFAULT '', created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz);
            CREATE TABLE tags (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL UNIQUE);
            CREATE TABLE note_tags (note_id bigint NOT NULL REFERENCES notes(id) ON DELETE CASCADE, tag_id bigint NOT NULL REFERENCES tags(id) ON DELETE CASCADE, PRIMARY KEY (note_id, tag_id));
            CREATE TABLE tasks (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note_id bigint REFERENCES notes(id) ON DELETE SET NULL, title text NOT NULL, done boolean NOT NULL DEFAULT false, due_at timestamptz);
            CREATE TABLE task_events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, task_id bigint NOT NULL REFERENCES tasks(id) ON DELETE CASCADE, kind text NOT NULL, at timestamptz NOT NULL DEFAULT now());
            CREATE TABLE attachments (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note_id bigint NOT NULL REFERENCES notes(id) ON DELETE CASCADE, file_name text NOT NULL, bytes bigint NOT NULL);
            CREATE TABLE settings (key text PRIMARY KEY, value text NOT NULL);
            CREATE TABLE contacts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL, email text);
            CREATE TABLE audit_log (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, entity text NOT NULL, entity_id bigint NOT NULL, action text NOT NULL, at timestamptz NOT NULL DEFAULT now());
            CREATE INDEX notes_created ON notes(created_at);
            CREATE INDEX tasks_due ON tasks(due_at) WHERE NOT done;
            CREATE INDEX task_events_task ON task_events(task_id);
            CREATE INDEX attachments_note ON attachments(note_id);
            CREATE INDEX contacts_email ON contacts(email);
            CREATE FUNCTION notes_touch() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                NEW.updated_at := now();
                INSERT INTO audit_log (entity, entity_id, action) VALUES ('note', NEW.id, 'update');
                RETURN NEW;
            END;
            $$;
            CREATE TRIGGER notes_touch BEFORE UPDATE OF title, body ON notes FOR EACH ROW EXECUTE FUNCTION notes_touch();
            INSERT INTO settings (key, value) VALUES ('theme', 'light'), ('locale', 'en');
            """,
        2 => """
            ALTER TABLE notes ADD COLUMN pinned boolean NOT NULL DEFAULT false;
            CREATE INDEX notes_pinned ON notes(pinned) WHERE pinned;
            UPDATE settings SET value = 'system' WHERE key = 'theme';
            """,
        3 => """
            CREATE TABLE reminders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, task_id bigint NOT NULL REFERENCES tasks(id) ON DELETE CASCADE, remind_at timestamptz NOT NULL, sent boolean NOT NULL DEFAULT false);
            CREATE INDEX reminders_pending ON reminders(remind_at) WHERE NOT sent;
            """,
        4 => """
            ALTER TABLE tasks ADD COLUMN priority integer NOT NULL DEFAULT 2;
            UPDATE tasks SET priority = 1 WHERE due_at IS NOT NULL;
            CREATE INDEX tasks_priority ON tasks(priority, due_at);
            """,
        5 => """
            ALTER TABLE contacts ADD COLUMN company text;
            CREATE TABLE shared_links (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note_id bigint NOT NULL REFERENCES notes(id) ON DELETE CASCADE, token text NOT NULL UNIQUE, expires_at timestamptz);
            INSERT INTO settings (key, value) VALUES ('schema_generation', '5');
            """,
        _ => $"""
            ALTER TABLE notes ADD COLUMN extra_{n} text;
            CREATE TABLE extra_table_{n} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note_id bigint REFERENCES notes(id), value text);
            CREATE INDEX extra_table_{n}_note ON extra_table_{n}(note_id);
            INSERT INTO settings (key, value) VALUES ('extra_{n}', 'on');
            """,
    };
}
