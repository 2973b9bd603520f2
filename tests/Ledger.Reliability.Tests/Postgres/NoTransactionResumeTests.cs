using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;

namespace Ledger.Reliability.Tests.Postgres;

/// <summary>
/// A no-transaction block (<c>CREATE INDEX CONCURRENTLY</c>) killed with SIGKILL while it runs, through the built tool:
/// the tenant is left incomplete (a <c>started</c> row), the next plain <c>apply</c> refuses it naming the edge and
/// <c>--resume</c>, and <c>apply --resume</c> reruns the block from its first statement, leaving valid indexes and
/// every step applied once.
/// </summary>
[TestClass]
public sealed class NoTransactionResumeTests
{
    private const int Tenants = 3;

    /// <summary>Step 1 fills <c>notes</c> (enough rows for an index build to take a moment); step 2 is the no-transaction block; step 3 an ordinary one.</summary>
    private static string Ledger(int rows)
    {
        var sb = new StringBuilder("# PostgreSQL no-transaction ledger\n");
        sb.Append("\n### Migration: baseline → 1.0.0\n\n```sql\n-- [system:baseline→1.0.0:start]\nCREATE TABLE tenants (name text PRIMARY KEY);\n");
        sb.Append(CultureInfo.InvariantCulture, $"INSERT INTO tenants SELECT 't' || lpad(i::text, 4, '0') FROM generate_series(1, {Tenants}) i;\n-- [system:baseline→1.0.0:end]\n```\n\n");
        sb.Append("```sql\n-- [tenant:baseline→1.0.0:start]\nCREATE TABLE notes (id bigint PRIMARY KEY, topic text NOT NULL, body text NOT NULL);\n");
        sb.Append(CultureInfo.InvariantCulture, $"INSERT INTO notes SELECT g, md5(g::text), repeat(md5((g * 7)::text), 4) FROM generate_series(1, {rows}) g;\n-- [tenant:baseline→1.0.0:end]\n```\n");
        // Written to be rerun from its first statement: an index a killed build left INVALID is dropped and built again.
        sb.Append("\n### Migration: 1.0.0 → 1.1.0\n\n```sql\n-- [tenant:1.0.0→1.1.0:start]\n-- ledger:no-transaction\n");
        sb.Append("DROP INDEX CONCURRENTLY IF EXISTS notes_topic;\nCREATE INDEX CONCURRENTLY notes_topic ON notes (topic);\n");
        sb.Append("DROP INDEX CONCURRENTLY IF EXISTS notes_body;\nCREATE INDEX CONCURRENTLY notes_body ON notes (body);\n-- [tenant:1.0.0→1.1.0:end]\n```\n");
        sb.Append("\n### Migration: 1.1.0 → 1.2.0\n\n```sql\n-- [tenant:1.1.0→1.2.0:start]\nALTER TABLE notes ADD COLUMN pinned boolean NOT NULL DEFAULT false;\n-- [tenant:1.1.0→1.2.0:end]\n```\n");
        return sb.ToString();
    }

    private static readonly string[] Edges = ["baseline->1.0.0 applied", "1.0.0->1.1.0 applied", "1.1.0->1.2.0 applied"];

    [TestMethod]
    public void ANoTransactionBlockKilledWhileItRunsIsRefusedUntilResumedThenLeavesValidIndexes()
    {
        int kills = Reliability.Count(ci: 1, @long: 10);
        int seed = Reliability.Seed(nameof(ANoTransactionBlockKilledWhileItRunsIsRefusedUntilResumedThenLeavesValidIndexes));
        var random = new Random(seed);
        int killed = 0, attempts = 0, incompleteSeen = 0;
        while (killed < kills)
        {
            Assert.IsLessThan(kills * 5, attempts++, $"seed {seed}: the block kept finishing before the kill");
            using var dir = new TempDirectory();
            string db = PgServer.NewDatabase("notx");
            dir.Write("ledger.json", TenantLedger.Config(db));
            dir.Write("MIGRATIONS.md", Ledger(rows: 150_000));
            ProcessResult first = LedgerProcess.Run(dir.Path, "apply", "--target", "1.0.0");
            Assert.AreEqual(0, first.ExitCode, first.ToString());

            using Process run = LedgerProcess.Start(dir.Path, "apply", "--parallel", "2");
            run.BeginOutputReadLine();
            run.BeginErrorReadLine();
            // Observable event: a tenant's started row (the block is running); then a random moment within the index builds.
            var clock = Stopwatch.StartNew();
            while (!run.HasExited && Started(db).Count == 0)
            {
                Assert.IsLessThan(120, clock.Elapsed.TotalSeconds, $"seed {seed}: the block never started");
                Thread.Sleep(1);
            }

            if (run.WaitForExit(random.Next(0, 200))) continue; // finished before the kill: try again on a new database
            run.Kill(entireProcessTree: true);
            run.WaitForExit();
            PgServer.WaitForNoOtherSession(db);
            List<string> incomplete = Started(db);
            foreach (string schema in Schemas())
            {
                List<string> journal = Journal(db, schema);
                bool prefix = journal.SequenceEqual(Edges.Take(journal.Count));
                bool stopped = journal.Count >= 2 && journal[..^1].SequenceEqual(Edges.Take(journal.Count - 1)) && journal[^1] == "1.0.0->1.1.0 started";
                Assert.IsTrue(prefix || stopped, $"seed {seed}: {schema}: [{string.Join(", ", journal)}]");
            }

            if (incomplete.Count == 0) continue; // the block ended between the look and the kill: nothing to resume
            killed++;
            incompleteSeen += incomplete.Count;

            ProcessResult refused = LedgerProcess.Run(dir.Path, "apply");
            Assert.AreEqual(1, refused.ExitCode, $"seed {seed}: apply over an incomplete tenant: {refused}");
            StringAssert.Contains(refused.Out + refused.Error, "1.0.0→1.1.0", $"seed {seed}: the refusal names the edge");
            StringAssert.Contains(refused.Out + refused.Error, "--resume", $"seed {seed}: the refusal says what to do");
            CollectionAssert.AreEquivalent(incomplete, Started(db), $"seed {seed}: the refused apply changed no incomplete tenant");

            ProcessResult resumed = LedgerProcess.Run(dir.Path, "apply", "--resume");
            Assert.AreEqual(0, resumed.ExitCode, $"seed {seed}: apply --resume: {resumed}");
            foreach (string schema in Schemas())
            {
                CollectionAssert.AreEqual(Edges, Journal(db, schema), $"seed {seed}: {schema} after --resume");
                CollectionAssert.AreEqual(new[] { "notes_body True", "notes_topic True" }, Indexes(db, schema), $"seed {seed}: {schema}: both indexes valid");
            }
        }

        Reliability.Figure("postgres/no-transaction resume", $"seed {seed}: {killed} SIGKILL(s) of apply during a CREATE INDEX CONCURRENTLY block over {Tenants} tenant schemas " +
            $"({attempts} attempts), {incompleteSeen} incomplete tenant(s) left: the next apply refused them naming the edge and --resume, apply --resume left every " +
            "index valid and every step applied once");
    }

    private static IEnumerable<string> Schemas() => Enumerable.Range(1, Tenants).Select(i => TenantLedger.Schema(TenantLedger.Name(i)));

    /// <summary>The schemas whose journal holds a started row.</summary>
    private static List<string> Started(string db)
    {
        using NpgsqlConnection connection = PgServer.Open(db);
        var result = new List<string>();
        foreach (string schema in Schemas())
        {
            if (TenantLedger.Column(connection, $"SELECT count(*)::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '{schema}' AND c.relname = 'ledger_history'")[0] == "0") continue;
            if (TenantLedger.Column(connection, $"SELECT count(*)::text FROM \"{schema}\".ledger_history WHERE kind = 'started'")[0] != "0") result.Add(schema);
        }

        return result;
    }

    private static List<string> Journal(string db, string schema)
    {
        using NpgsqlConnection connection = PgServer.Open(db);
        return TenantLedger.Column(connection, $"SELECT from_version || '->' || to_version || ' ' || kind FROM \"{schema}\".ledger_history WHERE scope = 'tenant' ORDER BY to_version");
    }

    private static List<string> Indexes(string db, string schema)
    {
        using NpgsqlConnection connection = PgServer.Open(db);
        return TenantLedger.Column(connection,
            "SELECT c.relname || ' ' || CASE WHEN i.indisvalid THEN 'True' ELSE 'False' END FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid " +
            $"JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '{schema}' AND c.relname IN ('notes_topic', 'notes_body') ORDER BY 1");
    }
}
