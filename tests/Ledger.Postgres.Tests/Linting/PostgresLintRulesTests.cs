using Ledger.Diagnostics;
using Ledger.Linting;
using Ledger.Postgres.Linting;
using Ledger.Sqlite.Linting;
using Ledger.Testing;

namespace Ledger.Postgres.Tests.Linting;

/// <summary>The PostgreSQL engine's static rules, run on the blocks of the scopes whose engine is postgres.</summary>
[TestClass]
public sealed class PostgresLintRulesTests
{
    // "app" lives on PostgreSQL, "local" on SQLite.
    internal static LintOptions Options(params ILintRule[] extra) => new()
    {
        Scopes = ["app", "local"],
        Engines = ["sqlite", "postgres"],
        EngineRules = [SqliteLintRules.Instance, PostgresLintRules.Instance],
        ScopeEngines = new Dictionary<string, string> { ["app"] = "postgres", ["local"] = "sqlite" },
        ExtraRules = extra,
    };

    private const string Baseline = """
        ```sql
        -- [app:baseline→1.0.0:start]
        CREATE TABLE notes (id bigint PRIMARY KEY, topic text, owner bigint);
        CREATE TABLE owners (id bigint PRIMARY KEY);
        -- [app:baseline→1.0.0:end]
        ```

        """;

    private static string Step(string sql, string scope = "app") => Baseline + LedgerText.FencedBlock(scope, "1.0.0", "1.1.0", sql);

    private static List<Diagnostic> Findings(string ledger, params ILintRule[] extra) =>
        [.. LedgerLoader.Load(ledger, LedgerText.FileName, Options(extra)).Diagnostics.Where(d => d.Code != "LDG027")];

    private static string Describe(List<Diagnostic> findings) => string.Join("\n", findings);

    private static void AssertOne(string ledger, string code, string statementStart, string messagePart)
    {
        List<Diagnostic> findings = Findings(ledger);
        Assert.AreEqual(code, LedgerText.Codes(findings), Describe(findings));
        Assert.AreEqual(LedgerText.LineOf(ledger, statementStart), findings[0].Location.Line, Describe(findings));
        Assert.Contains(messagePart, findings[0].Message);
    }

    private static void AssertClean(string ledger)
    {
        List<Diagnostic> findings = Findings(ledger);
        Assert.IsEmpty(findings, Describe(findings));
    }

    [TestMethod]
    [DataRow("CREATE INDEX CONCURRENTLY IF NOT EXISTS notes_topic ON notes (topic);", "CREATE INDEX CONCURRENTLY")]
    [DataRow("CREATE UNIQUE INDEX CONCURRENTLY notes_topic ON notes (topic);", "CREATE INDEX CONCURRENTLY")]
    [DataRow("DROP INDEX CONCURRENTLY IF EXISTS notes_topic;", "DROP INDEX CONCURRENTLY")]
    [DataRow("REINDEX INDEX CONCURRENTLY notes_topic;", "REINDEX CONCURRENTLY")]
    [DataRow("VACUUM (ANALYZE) notes;", "VACUUM")]
    [DataRow("CREATE DATABASE archive;", "CREATE DATABASE")]
    [DataRow("ALTER SYSTEM SET work_mem = '64MB';", "ALTER SYSTEM")]
    public void A_statement_that_cannot_run_in_a_transaction_needs_the_directive(string sql, string what)
    {
        string ledger = Step("SELECT 1;\n" + sql);

        AssertOne(ledger, "LDG041", sql, $"{what} cannot run inside a transaction");
        Assert.Contains("-- ledger:no-transaction", Findings(ledger)[0].Message);
        // With the directive: no finding of this rule (Core's LDG040 may still ask for a statement that can run twice).
        Assert.DoesNotContain("LDG041", LedgerText.Codes(Findings(Step("-- ledger:no-transaction\n" + sql))));
    }

    [TestMethod]
    public void An_index_without_concurrently_on_an_existing_table_is_a_warning_and_on_a_table_of_the_step_is_fine()
    {
        AssertOne(Step("CREATE INDEX notes_topic ON public.notes USING btree (topic);"), "LDG042", "CREATE INDEX notes_topic", "CREATE INDEX on notes");
        AssertClean(Step("-- ledger:no-transaction\nDROP INDEX CONCURRENTLY IF EXISTS notes_topic;\nCREATE INDEX CONCURRENTLY IF NOT EXISTS notes_topic ON notes (topic);"));
        AssertClean(Step("CREATE TABLE tags (id bigint, name text);\nCREATE INDEX tags_name ON tags (name);"));
    }

    [TestMethod]
    [DataRow("CREATE INDEX CONCURRENTLY IF NOT EXISTS notes_topic ON notes (topic);", "notes_topic", "notes_topic")]
    [DataRow("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS Notes_Topic ON notes (topic);", "notes_topic", "notes_topic")]
    [DataRow("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"Notes Topic\" ON notes (topic);", "Notes Topic", "\"Notes Topic\"")]
    public void A_concurrent_index_if_not_exists_without_an_earlier_drop_is_a_warning(string sql, string name, string written)
    {
        string ledger = Step("-- ledger:no-transaction\nVACUUM notes;\n" + sql);

        AssertOne(ledger, "LDG046", sql, $"PostgreSQL leaves an invalid index {name}");
        Assert.Contains($"'DROP INDEX CONCURRENTLY IF EXISTS {written};' before it", Findings(ledger)[0].Message);
        AssertClean(Step($"-- ledger:no-transaction\nDROP INDEX CONCURRENTLY IF EXISTS {written};\n{sql}"));
        AssertClean(Step($"-- ledger:no-transaction\nDROP INDEX IF EXISTS public.{written}, other;\n{sql}"));
    }

    [TestMethod]
    public void The_drop_must_come_first_name_the_same_index_and_have_if_exists()
    {
        const string Create = "CREATE INDEX CONCURRENTLY IF NOT EXISTS notes_topic ON notes (topic);";
        AssertOne(Step($"-- ledger:no-transaction\n{Create}\nDROP INDEX CONCURRENTLY IF EXISTS notes_topic;"), "LDG046", Create, "notes_topic");
        AssertOne(Step($"-- ledger:no-transaction\nDROP INDEX CONCURRENTLY IF EXISTS notes_owner;\n{Create}"), "LDG046", Create, "notes_topic");
        Assert.Contains("LDG046", LedgerText.Codes(Findings(Step($"-- ledger:no-transaction\nDROP INDEX CONCURRENTLY notes_topic;\n{Create}"))));
        // Without IF NOT EXISTS a rerun fails instead of skipping (LDG040's finding); an unnamed index cannot be skipped.
        Assert.DoesNotContain("LDG046", LedgerText.Codes(Findings(Step("-- ledger:no-transaction\nCREATE INDEX CONCURRENTLY notes_topic ON notes (topic);"))));
        Assert.DoesNotContain("LDG046", LedgerText.Codes(Findings(Step("-- ledger:no-transaction\nCREATE INDEX CONCURRENTLY ON notes (topic);"))));
    }

    [TestMethod]
    [DataRow("ALTER TABLE notes ALTER COLUMN topic TYPE varchar(20);", "changing the type of notes.topic")]
    [DataRow("ALTER TABLE ONLY notes ALTER topic SET DATA TYPE varchar(20);", "changing the type of notes.topic")]
    [DataRow("ALTER TABLE notes ALTER COLUMN topic SET NOT NULL;", "SET NOT NULL on notes.topic")]
    [DataRow("ALTER TABLE notes ADD COLUMN uid uuid NOT NULL DEFAULT gen_random_uuid();", "the volatile default gen_random_uuid()")]
    [DataRow("ALTER TABLE notes ADD COLUMN IF NOT EXISTS n bigserial;", "the type bigserial")]
    [DataRow("ALTER TABLE notes ADD COLUMN len int GENERATED ALWAYS AS (length(topic)) STORED;", "a stored generated value")]
    public void A_change_that_rewrites_or_scans_an_existing_table_is_a_warning(string sql, string messagePart)
    {
        AssertOne(Step(sql), "LDG043", sql, messagePart);
    }

    [TestMethod]
    public void Changes_that_neither_rewrite_nor_scan_or_that_touch_a_table_of_the_step_are_fine()
    {
        AssertClean(Step("ALTER TABLE notes ADD COLUMN created timestamptz NOT NULL DEFAULT now();\nALTER TABLE notes ADD COLUMN pinned boolean DEFAULT false;\nALTER TABLE notes ALTER COLUMN topic DROP NOT NULL;"));
        AssertClean(Step("CREATE TABLE tags (id int, name text);\nALTER TABLE tags ALTER COLUMN name TYPE varchar(20), ALTER COLUMN name SET NOT NULL;\nALTER TABLE tags ADD CONSTRAINT tags_fk FOREIGN KEY (id) REFERENCES owners (id);\nALTER TABLE tags RENAME TO labels;\nALTER TABLE labels RENAME COLUMN name TO title;"));
    }

    [TestMethod]
    [DataRow("ALTER TABLE notes ADD CONSTRAINT notes_owner_fk FOREIGN KEY (owner) REFERENCES owners (id);", "adding a foreign key to notes")]
    [DataRow("ALTER TABLE notes ADD CONSTRAINT topic_short CHECK (length(topic) < 100);", "adding a CHECK constraint to notes")]
    [DataRow("ALTER TABLE notes ADD FOREIGN KEY (owner) REFERENCES owners;", "adding a foreign key to notes")]
    public void A_constraint_added_without_not_valid_to_an_existing_table_is_a_warning(string sql, string messagePart)
    {
        AssertOne(Step(sql), "LDG044", sql, messagePart);
        AssertClean(Step(sql.TrimEnd(';') + " NOT VALID;\n" + "ALTER TABLE notes VALIDATE CONSTRAINT x;"));
    }

    [TestMethod]
    [DataRow("ALTER TABLE notes RENAME TO memos;", "renaming the table notes to memos")]
    [DataRow("ALTER TABLE notes RENAME COLUMN topic TO subject;", "renaming the column notes.topic")]
    [DataRow("ALTER TABLE IF EXISTS notes RENAME topic TO subject;", "renaming the column notes.topic")]
    public void Renaming_an_existing_table_or_column_is_a_warning(string sql, string messagePart)
    {
        AssertOne(Step(sql), "LDG045", sql, messagePart);
    }

    [TestMethod]
    public void Each_action_of_one_alter_table_is_checked_and_the_finding_is_at_the_statement()
    {
        string ledger = Step("ALTER TABLE notes\n  ADD COLUMN t2 text,\n  ALTER COLUMN topic SET NOT NULL,\n  RENAME CONSTRAINT a TO b;");
        List<Diagnostic> findings = Findings(ledger);

        Assert.AreEqual("LDG043", LedgerText.Codes(findings), Describe(findings));
        Assert.AreEqual(LedgerText.LineOf(ledger, "ALTER TABLE notes"), findings[0].Location.Line);
        Assert.AreEqual(1, findings[0].Location.Column);
    }

    [TestMethod]
    public void The_rules_of_one_engine_check_only_the_scopes_of_that_engine()
    {
        // PostgreSQL's rules do not read a SQLite scope, and SQLite's (LDG017 VACUUM) do not read a PostgreSQL scope.
        AssertClean(Baseline + LedgerText.FencedBlock("local", "baseline", "1.0.0", "CREATE TABLE notes (id INTEGER);\nCREATE INDEX notes_id ON notes (id);\nALTER TABLE notes RENAME TO memos;"));
        AssertClean(Step("-- ledger:no-transaction\nVACUUM notes;"));
    }

    [TestMethod]
    [DataRow("BEGIN;")]
    [DataRow("START TRANSACTION;")]
    [DataRow("start transaction read write;")]
    [DataRow("ABORT;")]
    [DataRow("COMMIT;")]
    [DataRow("END;")]
    [DataRow("ROLLBACK TO SAVEPOINT s1;")]
    [DataRow("PREPARE TRANSACTION 'step-1';")]
    [DataRow("COMMIT PREPARED 'step-1';")]
    [DataRow("ROLLBACK PREPARED 'step-1';")]
    public void Every_form_of_transaction_control_is_LDG016_on_a_postgres_scope(string sql)
    {
        AssertOne(Step("ALTER TABLE notes ADD COLUMN body text;\n" + sql), "LDG016", sql, "controls the transaction");
    }

    [TestMethod]
    public void A_prepared_statement_and_an_END_that_closes_a_CASE_are_not_transaction_control()
    {
        AssertClean(Step("PREPARE owner_notes (bigint) AS SELECT CASE WHEN topic IS NULL THEN '' ELSE topic END FROM notes WHERE owner = $1;\nDEALLOCATE owner_notes;"));
    }

    [TestMethod]
    public void A_function_body_is_one_statement_for_every_rule()
    {
        // Split as SQLite splits, the body's END would be a statement of its own: LDG016 (transaction control).
        string ledger = Step("""
            CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              NEW.topic := lower(NEW.topic);
              RETURN NEW;
            END;
            $$;
            CREATE FUNCTION one() RETURNS int LANGUAGE sql
            BEGIN ATOMIC
              SELECT 1;
            END;
            """);

        AssertClean(ledger);
    }

    [TestMethod]
    public void Sqlites_replay_leaves_postgres_scopes_to_their_engine()
    {
        AssertClean(Step("CREATE EXTENSION IF NOT EXISTS pgcrypto;\nCREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY, v jsonb);", "app") + "", new SqlReplayRule());
    }

    private static void AssertClean(string ledger, ILintRule extra)
    {
        List<Diagnostic> findings = Findings(ledger, extra);
        Assert.IsEmpty(findings, Describe(findings));
    }
}
