using System.Collections.Concurrent;
using Ledger.Execution;
using Ledger.Inspection;
using Ledger.Model;
using Ledger.Scoping;
using Ledger.Sqlite.Engine;
using Ledger.Targets;
using Ledger.Versions;

namespace Ledger.Sqlite.Tests.Engine;

/// <summary>
/// Runs over four scopes declared in code (the layout ledger.json declares): <c>system</c> and <c>settings</c> (one
/// database each), <c>user</c> (a set listed by a query on system) and <c>cache</c> (a set found by a glob). Apply
/// takes them in declared order and rollback in reverse; a single database that fails stops the later scopes, a set's
/// failures do not (unless --fail-fast).
/// </summary>
[TestClass]
public sealed class ScopeRunTests
{
    private static readonly ApplyOptions NoBackup = new() { Backup = false, CreateMissing = true, Parallelism = 2 };

    /// <summary>A file SQLite refuses to open as a database.</summary>
    private const string NotADatabase = "this is not a database, and it is long enough to be read as a header by SQLite ......";

    private static string Settings(TestWorkspace ws) => Path.Combine(ws.Root, "settings.db");

    private static string Cache(TestWorkspace ws, string name) => Path.Combine(ws.Root, "cache", name + ".db");

    /// <summary>system, settings, user, cache; two cache files that exist before the run (a glob finds only what is there).</summary>
    private static ScopeTargets Layout(TestWorkspace ws)
    {
        Directory.CreateDirectory(Path.Combine(ws.Root, "cache"));
        foreach (string name in new[] { "c1", "c2" })
        {
            if (!File.Exists(Cache(ws, name))) ws.Execute(Cache(ws, name), "CREATE TABLE IF NOT EXISTS entries (k)");
        }

        return new ScopeTargets(new ScopeLayout(
            [
                new ScopeDefinition(Scopes.System) { Database = ws.SystemPath },
                new ScopeDefinition("settings") { Database = Settings(ws) },
                ws.Users,
                new ScopeDefinition("cache") { Glob = Path.Combine(ws.Root, "cache", "*.db") },
            ]),
            new EngineRegistry(new SqliteEngine(TimeSpan.FromSeconds(5))));
    }

    /// <summary>The four scopes at the top of <see cref="RollbackTests.Reversible"/>, whose steps have down blocks.</summary>
    private static async Task<(ScopeTargets, MigrationSet)> AppliedReversibleAsync(TestWorkspace ws)
    {
        ScopeTargets targets = Layout(ws);
        MigrationSet set = TestWorkspace.Load(RollbackTests.Reversible);
        Assert.AreEqual(0, (await new MigrationRunner(targets).ApplyAsync(set, NoBackup)).ExitCode);
        return (targets, set);
    }

    /// <summary>Records each scope's start and each database's end, in the order heard.</summary>
    private sealed class Recorder : IRunObserver
    {
        public ConcurrentQueue<string> Heard { get; } = new();

        public void ScopeStarted(ScopeDefinition scope, int databases) => Heard.Enqueue($"start {scope.Name} ({databases})");

        public void Finished(DatabaseResult result) => Heard.Enqueue($"end {result.Target.Scope}");

        /// <summary>The scopes in the order they started.</summary>
        public string[] Started => Heard.Where(h => h.StartsWith("start ", StringComparison.Ordinal)).ToArray();

        /// <summary>Each scope's databases all end before the next scope starts.</summary>
        public void AssertScopesDoNotOverlap()
        {
            string? current = null;
            var closed = new HashSet<string>();
            foreach (string h in Heard)
            {
                string scope = h.StartsWith("start ", StringComparison.Ordinal) ? h[6..h.IndexOf(' ', 6)] : h[4..];
                if (h.StartsWith("start ", StringComparison.Ordinal))
                {
                    if (current is not null) closed.Add(current);
                    current = scope;
                }

                Assert.IsFalse(closed.Contains(scope), $"{scope} heard after the next scope started: {string.Join(", ", Heard)}");
            }
        }
    }

    [TestMethod]
    public async Task ApplyBringsEachScopeToTheTargetInDeclaredOrder()
    {
        using var ws = new TestWorkspace();
        var recorder = new Recorder();

        RunResult result = await new MigrationRunner(Layout(ws)).ApplyAsync(TestWorkspace.Load(Ledgers.Basic), NoBackup, recorder);

        Assert.AreEqual(0, result.ExitCode, TestWorkspace.Describe(result));
        CollectionAssert.AreEqual(new[] { "system", "settings", "user", "cache" }, result.Scopes.Select(s => s.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "start system (1)", "start settings (1)", "start user (2)", "start cache (2)" }, recorder.Started);
        recorder.AssertScopesDoNotOverlap();
        Assert.IsTrue(result.All.All(r => r.Outcome == DatabaseOutcome.Migrated), TestWorkspace.Describe(result));
        CollectionAssert.AreEqual(new[] { "settings baseline->1.0.0 empty", "settings 1.0.0->1.1.0 empty", "settings 1.1.0->1.2.0 empty" }, ws.Journal(Settings(ws)));
        CollectionAssert.AreEqual(new[] { "cache baseline->1.0.0 empty", "cache 1.0.0->1.1.0 empty", "cache 1.1.0->1.2.0 empty" }, ws.Journal(Cache(ws, "c1")));
        CollectionAssert.AreEqual(new[] { "entries" }, ws.Tables(Cache(ws, "c1")), "a set found by glob runs its own scope's blocks, not the user scope's");
        CollectionAssert.AreEqual(new[] { "notes" }, ws.Tables(ws.UserPath("alice")), "the user scope ran its SQL");
        Assert.AreEqual(2, result.Scope("cache")!.Databases.Count);
    }

    [TestMethod]
    public async Task ASingleDatabaseThatFailsStopsEveryLaterScopeAndTheirResultsSayWhy()
    {
        using var ws = new TestWorkspace();
        ScopeTargets targets = Layout(ws);
        File.WriteAllText(Settings(ws), NotADatabase);
        var cacheBefore = File.ReadAllBytes(Cache(ws, "c1"));

        RunResult result = await new MigrationRunner(targets).ApplyAsync(TestWorkspace.Load(Ledgers.Basic), NoBackup);

        Assert.AreEqual(1, result.ExitCode, TestWorkspace.Describe(result));
        Assert.AreEqual(DatabaseOutcome.Migrated, result.System!.Outcome, "the scope before it ran");
        Assert.AreEqual(DatabaseOutcome.Failed, result.Scope("settings")!.Databases.Single().Outcome);
        Assert.AreEqual("the settings database ended 'failed', so no user database was touched", result.Scope("user")!.NotReached);
        Assert.AreEqual("the settings database ended 'failed', so no cache database was touched", result.Scope("cache")!.NotReached);
        Assert.IsEmpty(result.Scope("user")!.Databases);
        Assert.IsFalse(Directory.Exists(Path.Combine(ws.Root, "users")), "no user database was created");
        CollectionAssert.AreEqual(cacheBefore, File.ReadAllBytes(Cache(ws, "c1")), "no cache database was touched");
    }

    [TestMethod]
    public async Task AFailureInsideASetDoesNotStopLaterScopesButFailFastDoes()
    {
        foreach (bool failFast in new[] { false, true })
        {
            using var ws = new TestWorkspace();
            ScopeTargets targets = Layout(ws);
            Directory.CreateDirectory(Path.Combine(ws.Root, "users"));
            ws.Execute(ws.UserPath("alice"), "CREATE TABLE notes (x)"); // alice's first user block (CREATE TABLE notes) fails

            RunResult result = await new MigrationRunner(targets).ApplyAsync(TestWorkspace.Load(Ledgers.Basic), NoBackup with { FailFast = failFast, Parallelism = 1 });

            Assert.AreEqual(1, result.ExitCode, TestWorkspace.Describe(result));
            Assert.AreEqual(DatabaseOutcome.Failed, TestWorkspace.Only(result, "alice").Outcome);
            ScopeResult cache = result.Scope("cache")!;
            if (failFast)
            {
                Assert.IsEmpty(cache.Databases, TestWorkspace.Describe(result));
                Assert.AreEqual("stopped at the first failure (--fail-fast) among the user databases: no cache database was touched", cache.NotReached);
                Assert.IsEmpty(ws.Column(Cache(ws, "c1"), "SELECT name FROM sqlite_master WHERE name = 'ledger_history'"), "no cache database was touched");
            }
            else
            {
                Assert.IsNull(cache.NotReached);
                Assert.IsTrue(cache.Databases.All(r => r.Outcome == DatabaseOutcome.Migrated), TestWorkspace.Describe(result));
                Assert.HasCount(3, ws.Journal(Cache(ws, "c2")));
            }
        }
    }

    [TestMethod]
    public async Task RollbackRunsTheScopesInReverseAndLeavesTheScopesBeforeOneThatFailed()
    {
        using var ws = new TestWorkspace();
        (ScopeTargets targets, MigrationSet set) = await AppliedReversibleAsync(ws);
        var recorder = new Recorder();

        RunResult back = await new MigrationRunner(targets).RollbackAsync(set, SemVersion.Parse("1.0.0"), NoBackup, recorder);

        Assert.AreEqual(0, back.ExitCode, TestWorkspace.Describe(back));
        CollectionAssert.AreEqual(new[] { "start cache (2)", "start user (2)", "start settings (1)", "start system (1)" }, recorder.Started);
        recorder.AssertScopesDoNotOverlap();
        CollectionAssert.AreEqual(new[] { "system", "settings", "user", "cache" }, back.Scopes.Select(s => s.Name).ToArray(), "results in declared order");
        Assert.IsTrue(back.All.All(r => r.Outcome == DatabaseOutcome.RolledBack && r.Direction == Planning.PlanDirection.Down), TestWorkspace.Describe(back));
        CollectionAssert.AreEqual(new[] { "settings baseline->1.0.0 empty" }, ws.Journal(Settings(ws)));

        // Up again, then a user's down block fails: cache (after user) is rolled back, settings and system (before it) are left.
        Assert.AreEqual(0, (await new MigrationRunner(targets).ApplyAsync(set, NoBackup)).ExitCode);
        ws.Execute(ws.UserPath("bob"), "DROP TABLE reminders");

        RunResult failed = await new MigrationRunner(targets).RollbackAsync(set, SemVersion.Parse("1.1.0"), NoBackup);

        Assert.AreEqual(1, failed.ExitCode, TestWorkspace.Describe(failed));
        Assert.IsTrue(failed.Scope("cache")!.Databases.All(r => r.Outcome == DatabaseOutcome.RolledBack), TestWorkspace.Describe(failed));
        Assert.AreEqual(DatabaseOutcome.Skipped, failed.Scope("settings")!.Databases.Single().Outcome);
        Assert.AreEqual("1 user database(s) failed to roll back, so the settings database was left as it was", failed.Scope("settings")!.NotReached);
        Assert.AreEqual(DatabaseOutcome.Skipped, failed.System!.Outcome);
        Assert.HasCount(3, ws.Journal(Settings(ws)), "settings keeps its 1.2.0 row");
        Assert.HasCount(3, ws.Journal(ws.SystemPath), "system keeps its 1.2.0 row");
    }

    [TestMethod]
    public async Task RollbackIsRefusedBeforeAnyScopeIsTouchedWhenADatabaseOfAnyScopeCannotBeRolledBack()
    {
        using var ws = new TestWorkspace();
        (ScopeTargets targets, MigrationSet set) = await AppliedReversibleAsync(ws);
        File.WriteAllText(Cache(ws, "junk"), NotADatabase);
        var before = ws.Snapshot();

        RunResult refused = await new MigrationRunner(targets).RollbackAsync(set, SemVersion.Parse("1.0.0"), NoBackup);
        InspectionResult planned = await new LedgerInspector(targets).InspectRollbackAsync(set, SemVersion.Parse("1.0.0"));

        Assert.AreEqual(1, refused.ExitCode, TestWorkspace.Describe(refused));
        Assert.IsNotNull(refused.Refusal);
        Assert.StartsWith("rollback refused before any database was changed: cache junk cannot be read: ", refused.Refusal, refused.Refusal);
        CollectionAssert.AreEqual(before, ws.Snapshot(), "no database of any scope was changed");
        Assert.AreEqual(DatabaseOutcome.Skipped, refused.Scope("settings")!.Databases.Single().Outcome);
        CollectionAssert.AreEqual(new[] { "system", "settings", "user", "cache" }, planned.Scopes.Select(s => s.Scope.Name).ToArray());
        Assert.AreEqual(3, planned.Scope("cache")!.Databases.Count, "every member of the set was planned");
    }
}
