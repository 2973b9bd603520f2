using Ledger.Execution;
using Ledger.Scoping;
using Ledger.Sqlite.Engine;
using Ledger.Targets;

namespace Ledger.Sqlite.Tests.Engine;

/// <summary>
/// Where a declared scope's databases are (ScopeTargets with SQLite's resolver): placeholders from a query's further
/// columns, each value checked like a user name, every target carrying its scope's name, and a set listed from a scope
/// that was not chosen.
/// </summary>
[TestClass]
public sealed class ScopeTargetsTests
{
    private static ScopeTargets Targets(params ScopeDefinition[] scopes) => new(new ScopeLayout(scopes), new EngineRegistry(new SqliteEngine()));

    private static ScopeDefinition System(TestWorkspace ws) => new("system") { Database = ws.SystemPath };

    private static ScopeDefinition Tenants(TestWorkspace ws, string query, string template = "{shard}/{user}.db") =>
        new("tenant") { From = "system", Query = query, Database = Path.Combine(ws.Root, "tenants", template) };

    [TestMethod]
    public async Task AQuerysFurtherColumnsArePlaceholdersByTheirName()
    {
        using var ws = new TestWorkspace();
        ws.Execute(ws.SystemPath, "CREATE TABLE tenants (name TEXT, shard TEXT, plan TEXT); " +
                                  "INSERT INTO tenants VALUES ('alice', 'eu1', 'x/y'), ('bob', 'us2', NULL)");
        ScopeTargets targets = Targets(System(ws), Tenants(ws, "SELECT name AS user, shard, plan FROM tenants ORDER BY name"));

        UserList members = await targets.ListAsync(targets.Layout.Find("tenant")!, CancellationToken.None);

        CollectionAssert.AreEqual(new[] { Path.Combine(ws.Root, "tenants", "eu1", "alice.db"), Path.Combine(ws.Root, "tenants", "us2", "bob.db") },
            members.Select(m => m.Target?.Location).ToArray(), string.Join("; ", members.Select(m => m.Problem)));
        Assert.IsTrue(members.All(m => m.Target!.Scope == "tenant"), "every target carries its scope's name");
    }

    [TestMethod]
    [DataRow("../outside")]
    [DataRow("a/b")]
    [DataRow("..")]
    [DataRow("")]
    [DataRow("CON")]
    [DataRow("bad\nname")]
    public async Task AHostilePlaceholderValueRejectsThatMemberOnly(string shard)
    {
        using var ws = new TestWorkspace();
        ws.Execute(ws.SystemPath, "CREATE TABLE tenants (name TEXT, shard TEXT)");
        using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={ws.SystemPath};Pooling=False"))
        {
            db.Open();
            using var insert = db.CreateCommand();
            insert.CommandText = "INSERT INTO tenants VALUES ('alice', 'eu1'), ('mallory', $shard), ('noshard', NULL)";
            insert.Parameters.AddWithValue("$shard", shard);
            insert.ExecuteNonQuery();
        }

        ScopeTargets targets = Targets(System(ws), Tenants(ws, "SELECT name, shard FROM tenants ORDER BY name"));

        UserList members = await targets.ListAsync(targets.Layout.Find("tenant")!, CancellationToken.None);

        Assert.IsNotNull(members.Single(m => m.Name == "alice").Target, "the other members proceed");
        UserDatabase mallory = members.Single(m => m.Name == "mallory");
        Assert.IsNull(mallory.Target, $"'{shard}' must never become a path");
        StringAssert.Contains(mallory.Problem, "{shard}");
        StringAssert.Contains(members.Single(m => m.Name == "noshard").Problem, "returned NULL (or a blob) for {shard}");
        Assert.IsFalse(Directory.Exists(Path.Combine(ws.Root, "outside")));
    }

    [TestMethod]
    public async Task AColumnThatIsNotInTheTemplateIsNeitherKeptNorChecked()
    {
        using var ws = new TestWorkspace();
        ws.Execute(ws.SystemPath, "CREATE TABLE tenants (name TEXT, note TEXT); INSERT INTO tenants VALUES ('alice', '../../etc')");
        ScopeTargets targets = Targets(System(ws), Tenants(ws, "SELECT name, note FROM tenants", "{user}.db"));

        UserList members = await targets.ListAsync(targets.Layout.Find("tenant")!, CancellationToken.None);

        Assert.AreEqual(Path.Combine(ws.Root, "tenants", "alice.db"), members.Single().Target?.Location, members.Single().Problem);
    }

    [TestMethod]
    public async Task APlaceholderWithoutItsColumnFailsTheListingNamingIt()
    {
        using var ws = new TestWorkspace();
        ws.Execute(ws.SystemPath, "CREATE TABLE tenants (name TEXT); INSERT INTO tenants VALUES ('alice')");
        ScopeTargets targets = Targets(System(ws), Tenants(ws, "SELECT name FROM tenants"));

        var e = await Assert.ThrowsExactlyAsync<InvalidDataException>(() => targets.ListAsync(targets.Layout.Find("tenant")!, CancellationToken.None));

        StringAssert.Contains(e.Message, "returns no column 'shard' for {shard}");
        Assert.IsTrue(UserList.IsListingFailure(e), "reported as a listing failure, not a crash");
    }

    [TestMethod]
    public async Task AGlobSetNamedOtherThanUserCarriesItsNameAndSkipsSqliteSideFiles()
    {
        using var ws = new TestWorkspace();
        string folder = Path.Combine(ws.Root, "cache");
        Directory.CreateDirectory(folder);
        foreach (string file in new[] { "a.db", "a.db-wal", "a.db-shm", "b.db", "b.db-journal" }) File.WriteAllText(Path.Combine(folder, file), "");
        ScopeTargets targets = Targets(new ScopeDefinition("cache") { Glob = Path.Combine(folder, "*.db*") });

        UserList members = await targets.ListAsync(targets.Layout.Find("cache")!, CancellationToken.None);

        CollectionAssert.AreEqual(new[] { "a", "b" }, members.Select(m => m.Name).ToArray());
        Assert.IsTrue(members.All(m => m.Target is { Scope: "cache" }), string.Join("; ", members.Select(m => m.Target?.ToString() ?? m.Problem)));
    }

    [TestMethod]
    public async Task ASetChosenWithoutTheScopeItsQueryRunsOnIsStillListedFromIt()
    {
        using var ws = new TestWorkspace();
        ws.Execute(ws.SystemPath, "CREATE TABLE tenants (name TEXT, shard TEXT); INSERT INTO tenants VALUES ('alice', 'eu1')");
        ScopeTargets whole = Targets(System(ws), Tenants(ws, "SELECT name, shard FROM tenants"));
        var chosen = new ScopeTargets(whole.Layout.Only(["tenant"]), whole.Engines);

        UserList members = await chosen.ListAsync(chosen.Layout.Single(), CancellationToken.None);

        CollectionAssert.AreEqual(new[] { "tenant" }, chosen.Layout.Names.ToArray());
        Assert.AreEqual("alice", members.Single().Name);
        Assert.AreEqual("system", chosen.ListedBy(chosen.Layout.Single())!.Name);
    }

    [TestMethod]
    public void ProblemsNameTheScopeTheSettingAndTheClosestEngine()
    {
        ScopeTargets targets = Targets(
            new ScopeDefinition("system") { Database = "data/{user}.db" },
            new ScopeDefinition("user") { From = "system", Query = "SELECT 1", Database = "data/users/all.db" },
            new ScopeDefinition("cache") { Glob = "data/cache/*.db", Engine = "sqlit" });

        string[] problems = targets.Problems().Select(p => p.ToString()).ToArray();

        CollectionAssert.AreEqual(new[]
        {
            "scopes.system.database: 'data/{user}.db' holds a placeholder, but scope system is one database (a set needs 'query' and 'from', or 'glob')",
            "scopes.user.database: 'data/users/all.db' must contain {user} exactly once",
            "scopes.cache.engine: unknown engine 'sqlit'; did you mean 'sqlite'? (engines: sqlite)",
        }, problems);
    }
}
