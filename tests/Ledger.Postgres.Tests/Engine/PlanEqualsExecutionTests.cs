using System.Text;
using System.Text.RegularExpressions;
using Ledger.Execution;
using Ledger.Inspection;
using Ledger.Model;
using Ledger.Planning;
using Ledger.Postgres.Engine;
using Ledger.Scoping;
using Ledger.Sql;
using Ledger.Targets;
using Ledger.Testing;
using Ledger.Versions;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ledger.Postgres.Tests.Engine;

/// <summary>
/// What <c>plan --format sql</c> prints is what <c>apply</c> runs: the database is planned as the command plans it
/// (<see cref="LedgerInspector"/>, <see cref="ExecutionPlan.Build"/>, <see cref="PlanScript.Render"/>, split as
/// PostgreSQL's statements), then applied with the server logging every statement of the test's database
/// (<c>log_statement = 'all'</c>), which is read back from the server's log for the sessions of the applying engine.
/// The two lists must be equal, statement by statement.
/// </summary>
/// <remarks>
/// What the plan does not print, stated once: the engine's own reads (whether the schema exists, the journal's
/// <c>SELECT</c>), <c>CREATE SCHEMA IF NOT EXISTS</c> for a tenant created by <c>createMissing</c> (as SQLite's plan
/// does not print the file it creates), the pool's reset of a session it hands out again (<c>DISCARD ALL</c>), and
/// Npgsql's reading of the server's types when a pool first connects (<c>SELECT version(); SELECT … FROM pg_type …</c>).
/// The journal row is sent with its values as parameters; they are put back in place, and <c>applied_at</c> and
/// <c>duration_ms</c>, known only when the step has run, are compared as the plan prints them.
/// </remarks>
[TestClass]
public sealed class PlanEqualsExecutionTests
{
    private static readonly string Ledger =
        "# Plan equals execution\n\n" +
        LedgerText.Section("baseline", "1.0.0", ("system",
            "CREATE TABLE owners (id bigint PRIMARY KEY, name text NOT NULL);\n" +
            "INSERT INTO owners VALUES (1, 'it''s me');\n" +
            "CREATE FUNCTION shout(t text) RETURNS text LANGUAGE plpgsql AS $body$\nBEGIN\n    RETURN upper(t) || '!';\nEND;\n$body$;")) +
        LedgerText.Section("1.0.0", "1.1.0", ("system", "UPDATE owners SET name = shout(name);\nCREATE TABLE pets (\n    id bigint PRIMARY KEY,\n    owner bigint REFERENCES owners (id)\n);")) +
        LedgerText.Section("1.1.0", "1.2.0", ("user", "CREATE TABLE notes (id bigint);")) +
        LedgerText.Section("1.2.0", "1.3.0", ("system", "-- ledger:no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS pets_owner ON pets (owner);")) +
        LedgerText.Section("1.3.0", "1.4.0", ("system", "ALTER TABLE owners ADD COLUMN email text;"));

    // 2026-12-07 01:02:03.456 UTC [1234] LOG:  execute <unnamed>: BEGIN
    private static readonly Regex Entry = new(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \S+ \[(\d+)\] ([A-Z]+):  (.*)$");
    private static readonly Regex Executed = new(@"^(?:statement|execute [^:]*): (.*)$", RegexOptions.Singleline);
    private static readonly Regex Parameter = new(@"\$(\d+) = (NULL|'(?:[^']|'')*')");
    private static readonly Regex EngineOnly = new(
        @"^(SELECT EXISTS \(SELECT FROM pg_catalog\.pg_namespace WHERE nspname = .*\)|SELECT scope, from_version, to_version, checksum, title, applied_at, duration_ms, kind FROM ledger_history|CREATE SCHEMA IF NOT EXISTS .*|DISCARD ALL|SELECT version\(\);.*)$",
        RegexOptions.Singleline);

    // The journal's values known only once a step has run: its time (the plan prints the server's "now") and, but for a
    // started row (whose duration_ms is the number of the statement about to run), its duration (the plan prints 0).
    private static readonly Regex RunValues = new(
        @"(?<at>'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z'|" + Regex.Escape(PostgresJournalDialect.Now) + @")(?<sep>, (?:duration_ms = )?)'?(?<ms>-?\d+)'?(?<kind>, (?:kind = )?'[a-z]+')");

    private static string Plain(Match m) =>
        "<now>" + m.Groups["sep"].Value + (m.Groups["kind"].Value.EndsWith("'started'", StringComparison.Ordinal) ? m.Groups["ms"].Value : "<ms>") + m.Groups["kind"].Value;

    [TestMethod]
    [DataRow(TransactionMode.PerStep, false, "public")]
    [DataRow(TransactionMode.PerStep, true, "app")]
    [DataRow(TransactionMode.PerDatabase, false, "app")]
    [DataRow(TransactionMode.PerDatabase, true, "public")]
    public async Task ApplyRunsExactlyTheStatementsPlanPrints(TransactionMode mode, bool history, string schema)
    {
        await using PgWorkspace ws = await PgWorkspace.CreateAsync();
        string traced = ws.ConnectionString + ";Application Name=ledger-trace";
        var scope = new ScopeDefinition(Scopes.System) { Engine = "postgres", Database = traced, Schema = schema == "public" ? null : schema };
        MigrationSet set = PgWorkspace.Load(Ledger);
        if (history)
        {
            await using PostgresEngine first = ws.NewEngine();
            DatabaseResult before = await new DatabaseMigrator(first, NullLogger.Instance, TimeProvider.System)
                .MigrateAsync(new SchemaTargets().One(scope), set, SemVersion.Parse("1.0.0"), new ApplyOptions { Backup = false }, create: true, CancellationToken.None);
            Assert.AreEqual(DatabaseOutcome.Migrated, before.Outcome, before.Describe());
        }

        List<string> planned = await PlannedAsync(ws, scope, set, mode);
        Assert.ContainsSingle(planned.Where(s => s.StartsWith("DO $ledger$", StringComparison.Ordinal) && s.Contains("NOT i.indisvalid", StringComparison.Ordinal)),
            "the plan shows the check of the no-transaction block's index before its row becomes applied");

        string database = ws.ConnectionString[(ws.ConnectionString.IndexOf("Database=", StringComparison.Ordinal) + 9)..];
        Server.Instance.Psql($"ALTER DATABASE \"{database}\" SET log_statement = 'all'");
        string marker = "trace " + Guid.NewGuid().ToString("N");
        await ws.QueryAsync($"SELECT '{marker}'");

        await using PostgresEngine engine = ws.NewEngine();
        DatabaseResult result = await new DatabaseMigrator(engine, NullLogger.Instance, TimeProvider.System)
            .MigrateAsync(new SchemaTargets().One(scope), set, SemVersion.Parse("1.4.0"), new ApplyOptions { TransactionMode = mode }, create: true, CancellationToken.None);
        Assert.AreEqual(DatabaseOutcome.Migrated, result.Outcome, result.Describe());
        HashSet<string> sessions = [.. (await ws.QueryAsync(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'ledger-trace'")).Select(p => p!)];

        List<string> ran = [.. Logged(marker, sessions).Where(s => !EngineOnly.IsMatch(s)).Select(s => RunValues.Replace(s, Plain))];
        Assert.IsGreaterThan(10, ran.Count, $"the log saw the run: {string.Join("\n", ran)}");
        CollectionAssert.AreEqual(planned, ran, StatementLists.Difference(planned, ran));
    }

    /// <summary>The statements <c>plan --format sql</c> prints for the database, as the command makes them.</summary>
    private static async Task<List<string>> PlannedAsync(PgWorkspace ws, ScopeDefinition scope, MigrationSet set, TransactionMode mode)
    {
        await using PostgresEngine engine = ws.NewEngine();
        var targets = new ScopeTargets(new ScopeLayout([scope]), new EngineRegistry(engine));
        InspectionResult inspection = await new LedgerInspector(targets).InspectAsync(set, SemVersion.Parse("1.4.0"), integrity: null);
        DatabaseInspection system = inspection.System!;
        string script = PlanScript.Render(ExecutionPlan.Build(system.Plan!, system.Target, engine, mode, fullCheck: false, system.JournalTableExists));
        IStatementSplitter splitter = engine.TryGet<IStatementSplitter>()!;
        return [.. splitter.Split(script, 0, script.Length).Select(s => RunValues.Replace(StatementLists.Normal(s.Text), Plain))];
    }

    /// <summary>The statements the server logged for <paramref name="sessions"/> after <paramref name="marker"/>, with their parameters in place.</summary>
    private static List<string> Logged(string marker, HashSet<string> sessions)
    {
        string[] lines = File.ReadAllLines(Path.Combine(Server.Instance.Directory, "server.log"));
        int from = Array.FindLastIndex(lines, l => l.Contains(marker, StringComparison.Ordinal));
        Assert.IsGreaterThanOrEqualTo(0, from, "the marker is in the server's log");
        var entries = new List<(string Pid, string Level, StringBuilder Text)>();
        for (int i = from + 1; i < lines.Length; i++)
        {
            Match m = Entry.Match(lines[i]);
            if (m.Success) entries.Add((m.Groups[1].Value, m.Groups[2].Value, new StringBuilder(m.Groups[3].Value)));
            else if (entries.Count > 0) entries[^1].Text.Append('\n').Append(lines[i].StartsWith('\t') ? lines[i][1..] : lines[i]);
        }

        var statements = new List<string>();
        foreach ((string pid, string level, StringBuilder text) in entries)
        {
            if (!sessions.Contains(pid)) continue;
            string value = text.ToString();
            if (level == "LOG" && Executed.Match(value) is { Success: true } executed)
            {
                statements.Add(StatementLists.Normal(executed.Groups[1].Value));
            }
            else if (level == "DETAIL" && value.StartsWith("parameters: ", StringComparison.Ordinal) && statements.Count > 0)
            {
                var values = Parameter.Matches(value).ToDictionary(p => p.Groups[1].Value, p => p.Groups[2].Value);
                statements[^1] = Regex.Replace(statements[^1], @"\$(\d+)", p => values[p.Groups[1].Value]);
            }
        }

        return statements;
    }

}
