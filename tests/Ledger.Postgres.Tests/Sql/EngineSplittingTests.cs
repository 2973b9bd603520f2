using Ledger.Execution;
using Ledger.Linting;
using Ledger.Model;
using Ledger.Postgres.Linting;
using Ledger.Postgres.Sql;
using Ledger.Postgres.Tests.Engine;
using Ledger.Sql;
using Ledger.Testing;

namespace Ledger.Postgres.Tests.Sql;

/// <summary>The engine answers with PostgreSQL's splitter and rules, so that a block runs statement by statement as the server reads it.</summary>
[TestClass]
public sealed class EngineSplittingTests
{
    [TestMethod]
    public async Task The_engine_offers_its_splitter_and_lint_rules()
    {
        await using PgWorkspace ws = await PgWorkspace.CreateAsync();

        Assert.AreSame(PostgresStatementSplitter.Instance, ws.Engine.TryGet<IStatementSplitter>());
        Assert.AreSame(PostgresLintRules.Instance, ws.Engine.TryGet<IEngineLintRules>());
        Assert.AreEqual(ws.Engine.Dialect.TableName, PostgresLintRules.Instance.JournalTable);
        Assert.AreEqual(ws.Engine.Name, PostgresLintRules.Instance.Engine);
    }

    [TestMethod]
    public async Task A_step_with_function_bodies_runs_each_whole_function_as_one_statement()
    {
        string ledger = "# Ledger\n\n" + LedgerText.Section("baseline", "1.0.0", ("system", """
            CREATE TABLE notes (id bigint PRIMARY KEY, topic text, body text);
            CREATE FUNCTION lower_topic() RETURNS trigger LANGUAGE plpgsql AS $body$
            BEGIN
              NEW.topic := lower(NEW.topic); -- a ';' and a $$ in a comment
              RETURN NEW;
            END;
            $body$;
            CREATE TRIGGER notes_topic BEFORE INSERT ON notes FOR EACH ROW EXECUTE FUNCTION lower_topic();
            CREATE FUNCTION grade(score int) RETURNS text LANGUAGE sql
            BEGIN ATOMIC
              SELECT CASE WHEN score > 50 THEN 'pass' ELSE 'fail' END;
            END;
            INSERT INTO notes VALUES (1, 'MiXeD', E'it\'s; fine');
            """));
        await using PgWorkspace ws = await PgWorkspace.CreateAsync();

        LoadedLedger loaded = LedgerLoader.Load(ledger, LedgerText.FileName, new LintOptions
        {
            Engines = ["postgres"], EngineRules = [PostgresLintRules.Instance], ScopeEngines = new Dictionary<string, string> { ["system"] = "postgres", ["user"] = "postgres" },
        });
        Assert.IsNotNull(loaded.Set, LedgerText.Describe(loaded.Diagnostics));

        DatabaseResult result = await ws.MigrateAsync(ws.System, loaded.Set, "1.0.0");

        Assert.AreEqual(DatabaseOutcome.Migrated, result.Outcome, result.Describe());
        CollectionAssert.AreEqual(new[] { "mixed it's; fine pass" }, await ws.QueryAsync("SELECT topic || ' ' || body || ' ' || grade(60) FROM notes"));
    }
}
