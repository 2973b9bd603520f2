using Ledger.Execution;
using Ledger.Hosting;
using Ledger.Model;
using Ledger.Scoping;
using Ledger.Sqlite.Engine;
using Ledger.Sqlite.Tests.Engine;
using Ledger.Targets;

namespace Ledger.Sqlite.Tests.Hosting;

/// <summary>The engine-agnostic host (Core): any scopes, the engines by name; SqliteLedger is a thin wrapper over it.</summary>
[TestClass]
public sealed class LedgerHostTests
{
    [TestMethod]
    public async Task MigratesEveryDeclaredScopeAndEnsuresOneDatabaseOnDemand()
    {
        using var ws = new TestWorkspace();
        string settings = Path.Combine(ws.Root, "settings.db");
        var targets = new ScopeTargets(new ScopeLayout(
            [
                new ScopeDefinition(Scopes.System) { Database = ws.SystemPath },
                new ScopeDefinition("settings") { Database = settings },
                ws.Users,
            ]),
            new EngineRegistry(new SqliteEngine(TimeSpan.FromSeconds(5))));
        LedgerHost host = LedgerHost.FromText(Ledgers.Basic, "MIGRATIONS.md", targets, new LedgerHostOptions { Backup = false, CreateMissing = true });

        LedgerHostResult started = await host.MigrateAsync();
        DatabaseResult carol = await host.EnsureAsync(ws.User("carol"));
        DatabaseResult again = await host.EnsureAsync(ws.User("carol"));

        Assert.IsTrue(started.Succeeded, started.Message);
        Assert.AreEqual("ledger: 4 database(s) at 1.2.0", started.Message);
        CollectionAssert.AreEqual(new[] { "system", "settings", "user" }, started.Run!.Scopes.Select(s => s.Name).ToArray());
        Assert.HasCount(3, ws.Journal(settings));
        Assert.AreEqual(DatabaseOutcome.Migrated, carol.Outcome, carol.Describe());
        Assert.AreEqual(DatabaseOutcome.Current, again.Outcome);
        CollectionAssert.AreEqual(new[] { "notes" }, ws.Tables(ws.UserPath("carol")));
    }

    private const string PlannedLedger = """
        # Ledger with a planned step

        ```sql
        -- [system:baseline→1.0.0:start]
        CREATE TABLE notes (id INTEGER PRIMARY KEY);
        -- [system:baseline→1.0.0:end]
        ```

        ```sql
        -- [system:1.0.0→1.1.0:start]
        -- CREATE TABLE tags (id INTEGER PRIMARY KEY);
        -- [system:1.0.0→1.1.0:end]
        ```
        """;

    [TestMethod]
    public async Task ATargetPastAPlannedStepIsRefusedUnlessIncludePlanned()
    {
        using var ws = new TestWorkspace();
        var targets = new ScopeTargets(new ScopeLayout([new ScopeDefinition(Scopes.System) { Database = ws.SystemPath }]),
            new EngineRegistry(new SqliteEngine()));
        LedgerHost refusing = LedgerHost.FromText(PlannedLedger, "MIGRATIONS.md", targets, new LedgerHostOptions { Backup = false, Target = "1.1.0" });
        LedgerHost including = LedgerHost.FromText(PlannedLedger, "MIGRATIONS.md", targets,
            new LedgerHostOptions { Backup = false, Target = "1.1.0", IncludePlanned = true });

        LedgerHostResult refused = await refusing.MigrateAsync();
        DatabaseResult one = await refusing.EnsureAsync(ws.System);
        bool created = File.Exists(ws.SystemPath);
        LedgerHostResult passed = await including.MigrateAsync();
        LedgerHostResult again = await refusing.MigrateAsync();

        Assert.IsFalse(refused.Succeeded, refused.Message);
        StringAssert.Contains(refused.Message, "ledger: Target 1.1.0 is past the planned step 1.0.0→1.1.0 (blocks holding only comments)");
        StringAssert.Contains(refused.Message, "set IncludePlanned");
        Assert.AreEqual(2, refused.Run!.ExitCode);
        Assert.AreEqual(DatabaseOutcome.Failed, one.Outcome, one.Describe());
        StringAssert.Contains(one.Message, "refused, not created: 1.1.0 is past the planned step 1.0.0→1.1.0");
        Assert.IsFalse(created, "nothing is created while the target is refused");
        Assert.IsTrue(passed.Succeeded, passed.Message);
        Assert.IsTrue(again.Succeeded, "every database recorded the planned step: nothing is passed, nothing refused: " + again.Message);
    }

    [TestMethod]
    public async Task ALedgerWithErrorsTouchesNothing()
    {
        using var ws = new TestWorkspace();
        var targets = new ScopeTargets(new ScopeLayout([new ScopeDefinition(Scopes.System) { Database = ws.SystemPath }]),
            new EngineRegistry(new SqliteEngine()));
        LedgerHost host = LedgerHost.FromText("# broken\n\n```sql\n-- [system:baseline→1.0.0:start]\nCREATE TABLE t (x);\n```\n", "MIGRATIONS.md", targets, new LedgerHostOptions());

        LedgerHostResult result = await host.MigrateAsync();

        Assert.IsFalse(result.Succeeded);
        Assert.IsNotEmpty(result.LedgerErrors);
        Assert.IsNull(result.Run);
        Assert.IsEmpty(ws.Entries());
    }

    private const string SystemAndSettings = """
        # Ledger with a third scope

        ### 1.0.0

        ```sql
        -- [system:baseline→1.0.0:start]
        CREATE TABLE accounts (name TEXT);
        -- [system:baseline→1.0.0:end]
        ```

        ```sql
        -- [settings:baseline→1.0.0:start]
        CREATE TABLE options (key TEXT PRIMARY KEY, value TEXT);
        -- [settings:baseline→1.0.0:end]
        ```
        """;

    [TestMethod]
    public async Task ADeclaredScopeBesideSystemAndUserMayBeNamedInTagsAndIsMigrated()
    {
        using var ws = new TestWorkspace();
        string settings = Path.Combine(ws.Root, "settings.db");
        var targets = new ScopeTargets(new ScopeLayout(
            [
                new ScopeDefinition(Scopes.System) { Database = ws.SystemPath },
                new ScopeDefinition("settings") { Database = settings },
            ]),
            new EngineRegistry(new SqliteEngine()));
        LedgerHost host = LedgerHost.FromText(SystemAndSettings, "MIGRATIONS.md", targets, new LedgerHostOptions { Backup = false });

        LedgerHostResult result = await host.MigrateAsync();

        Assert.IsTrue(result.Succeeded, result.Message);
        Assert.IsEmpty(host.Diagnostics.Where(d => d.Severity == Diagnostics.Severity.Error));
        CollectionAssert.AreEqual(new[] { "options" }, ws.Tables(settings));
        CollectionAssert.AreEqual(new[] { "accounts" }, ws.Tables(ws.SystemPath));
    }

    [TestMethod]
    public void AnUnknownEngineIsRefusedWhenTheHostIsCreatedNamingTheScope()
    {
        using var ws = new TestWorkspace();
        var targets = new ScopeTargets(new ScopeLayout(
            [
                new ScopeDefinition(Scopes.System) { Database = ws.SystemPath },
                new ScopeDefinition("settings") { Database = Path.Combine(ws.Root, "settings.db"), Engine = "sqlit" },
            ]),
            new EngineRegistry(new SqliteEngine()));

        var e = Assert.ThrowsExactly<ArgumentException>(() =>
            LedgerHost.FromText(SystemAndSettings, "MIGRATIONS.md", targets, new LedgerHostOptions()));

        StringAssert.Contains(e.Message, "scopes.settings.engine: unknown engine 'sqlit'; did you mean 'sqlite'?");
        Assert.IsFalse(File.Exists(ws.SystemPath));
    }

    [TestMethod]
    public void AScopeWithoutADatabaseIsRefusedWhenTheHostIsCreatedNamingTheScope()
    {
        using var ws = new TestWorkspace();
        var targets = new ScopeTargets(new ScopeLayout(
            [
                new ScopeDefinition(Scopes.System) { Database = ws.SystemPath },
                new ScopeDefinition("settings"),
            ]),
            new EngineRegistry(new SqliteEngine()));

        var e = Assert.ThrowsExactly<ArgumentException>(() =>
            LedgerHost.FromText(SystemAndSettings, "MIGRATIONS.md", targets, new LedgerHostOptions()));

        StringAssert.Contains(e.Message, "scopes.settings: needs 'database'");
    }

    [TestMethod]
    public void AHostWithoutEnginesIsRefusedWhenCreated()
    {
        using var ws = new TestWorkspace();
        var targets = new ScopeTargets(new ScopeLayout([new ScopeDefinition(Scopes.System) { Database = ws.SystemPath }]), new EngineRegistry());

        var e = Assert.ThrowsExactly<ArgumentException>(() =>
            LedgerHost.FromText(SystemAndSettings, "MIGRATIONS.md", targets, new LedgerHostOptions()));

        StringAssert.Contains(e.Message, "no engine is registered");
    }
}
