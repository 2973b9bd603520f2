using Ledger.Execution;
using Ledger.Journal;
using Ledger.Scoping;
using Ledger.Targets;

namespace Ledger.Tests.Targets;

/// <summary>
/// How many databases a run may have open at once is asked only of the engines of the scopes in the run
/// (<see cref="ScopeTargets.OpenDatabaseCapacity"/>): a run of server scopes only is not lowered by a file engine's estimate,
/// even when that engine is registered (and the default, as SQLite is for the tool).
/// </summary>
[TestClass]
public sealed class OpenDatabaseCapacityTests
{
    private static ScopeTargets Targets(FileEngine files, params ScopeDefinition[] scopes) =>
        new(new ScopeLayout(scopes), new EngineRegistry(files, new ServerEngine()));

    [TestMethod]
    public void ARunOfServerScopesOnlyIsNotLoweredByTheFileEnginesEstimate()
    {
        var files = new FileEngine(capacity: 3);

        int? capacity = Targets(files, new ScopeDefinition("system") { Engine = "server", Database = "db" }).OpenDatabaseCapacity();

        Assert.IsNull(capacity, "the server engine has no limit of open databases");
        Assert.AreEqual(0, files.Asked, "the file engine serves no scope of the run: it is not asked");
    }

    [TestMethod]
    public void AScopeOfTheFileEngineTakesItsEstimateAskedOnce()
    {
        var files = new FileEngine(capacity: 3);

        int? capacity = Targets(files,
            new ScopeDefinition("system") { Engine = "server", Database = "db" },
            new ScopeDefinition("settings") { Database = "settings.db" }, // no engine named: the default, the file engine
            new ScopeDefinition("user") { Engine = "files", Glob = "users/*.db" }).OpenDatabaseCapacity();

        Assert.AreEqual(3, capacity);
        Assert.AreEqual(1, files.Asked, "two scopes of one engine: asked once");
    }

    [TestMethod]
    public void ScopesLeftOutWithScopeAreNotAsked()
    {
        var files = new FileEngine(capacity: 3);
        ScopeTargets whole = Targets(files,
            new ScopeDefinition("system") { Engine = "server", Database = "db" },
            new ScopeDefinition("user") { Engine = "files", Glob = "users/*.db" });

        var chosen = new ScopeTargets(whole.Layout.Only(["system"]), whole.Engines);

        Assert.IsNull(chosen.OpenDatabaseCapacity());
        Assert.AreEqual(3, whole.OpenDatabaseCapacity());
    }

    [TestMethod]
    public void AnUnknownLimitLimitsNothing() =>
        Assert.IsNull(Targets(new FileEngine(capacity: null), new ScopeDefinition("user") { Glob = "users/*.db" }).OpenDatabaseCapacity());

    /// <summary>An engine whose databases hold the process's files (as SQLite's do), with a fixed estimate.</summary>
    private sealed class FileEngine(int? capacity) : FakeEngine("files"), IOpenDatabaseLimit
    {
        public int Asked { get; private set; }

        public int? OpenDatabaseCapacity()
        {
            Asked++;
            return capacity;
        }
    }

    /// <summary>An engine whose databases are on a server (as PostgreSQL's are): no limit of open databases.</summary>
    private sealed class ServerEngine() : FakeEngine("server");

    private abstract class FakeEngine(string name) : IDatabaseEngine
    {
        public string Name => name;

        public IJournalDialect Dialect => throw new NotSupportedException();

        public ITargetResolver Targets => throw new NotSupportedException();

        public Task<bool> ExistsAsync(DatabaseTarget target, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IMigrationConnection> OpenAsync(DatabaseTarget target, bool create, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IMigrationConnection> OpenReadOnlyAsync(DatabaseTarget target, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
