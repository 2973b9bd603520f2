using Ledger.Execution;
using Ledger.Postgres.Targets;
using Ledger.Scoping;
using Ledger.Targets;
using Ledger.Testing;

namespace Ledger.Postgres.Tests.Targets;

/// <summary>PostgreSQL locations: one database, a schema per tenant, a database per tenant, several servers; what is refused.</summary>
[TestClass]
public sealed class PostgresTargetResolverTests
{
    private static readonly PostgresTargetResolver Resolver = new();

    private static ScopeDefinition Set(string database, string? schema = null) =>
        new("tenant") { Engine = "postgres", From = "system", Query = "SELECT name FROM tenants", Database = database, Schema = schema };

    private static UserList List(ScopeDefinition set, params (string Name, string? Shard)[] members)
    {
        IMemberResolver resolver = Resolver.Members(set, null);
        return resolver.Placeholders.Count == 0
            ? new UserList(members.Select(m => m.Name).ToArray(), n => MemberNames.NameProblem(n, set.Name) is string p ? new UserDatabase(n, null, p) : resolver.Resolve(n, null))
            : new UserList(members.Select(m => m.Name).ToArray(), 1, members.Select(m => m.Shard).ToArray(),
                (n, v) => resolver.Resolve(n, new Dictionary<string, string> { [resolver.Placeholders[0]] = v[0]! }));
    }

    [TestMethod]
    public void OneDatabaseIsItsConnectionStringWithTheSchemaAsSearchPathAndIsShownWithoutItsPassword()
    {
        var scope = new ScopeDefinition("system") { Engine = "postgres", Database = "Host=db1;Database=app;Username=ledger;Password=s3cret", Schema = "core" };
        Assert.IsEmpty(Resolver.Problems(scope));
        DatabaseTarget target = Resolver.One(scope);
        PostgresLocation location = PostgresLocation.Parse(target.Location);
        Assert.AreEqual("core", location.Schema);
        Assert.AreEqual("app", location.Database);
        Assert.IsTrue(target.IsSingle);
        Assert.AreEqual("db1/app schema core", target.Display);
        StringAssert.DoesNotMatch(target.ToString(), new System.Text.RegularExpressions.Regex("s3cret"));

        DatabaseTarget inPublic = Resolver.One(scope with { Schema = null });
        Assert.AreEqual("public", PostgresLocation.Parse(inPublic.Location).Schema);
        Assert.AreEqual("db1/app", inPublic.Display);
    }

    [TestMethod]
    public void ASchemaPerTenantSetPutsEachTenantInItsSchemaOfOneDatabase()
    {
        ScopeDefinition set = Set("Host=db1;Database=app;Username=ledger", "tenant_{user}");
        Assert.IsEmpty(Resolver.Problems(set));
        UserDatabase[] members = List(set, ("alice", null), ("bob.smith", null)).ToArray();
        PostgresLocation alice = PostgresLocation.Parse(members[0].Target!.Location);
        PostgresLocation bob = PostgresLocation.Parse(members[1].Target!.Location);
        Assert.AreEqual("tenant_alice", alice.Schema);
        Assert.AreEqual("tenant_bob.smith", bob.Schema);
        Assert.AreEqual(alice.ServerConnectionString, bob.ServerConnectionString, "one pool for every schema of the database");
        DatabaseTarget system = Resolver.One(new ScopeDefinition("system") { Engine = "postgres", Database = "Host=db1;Database=app;Username=ledger" });
        Assert.AreEqual(PostgresLocation.Parse(system.Location).ServerConnectionString, alice.ServerConnectionString, "the same pool as the database's own scope");
        Assert.AreEqual("db1/app schema tenant_bob.smith", members[1].Target!.Display);
        Assert.AreEqual("alice", members[0].Target!.Name);
        Assert.AreEqual("tenant", members[0].Target!.Scope);
    }

    [TestMethod]
    public void ADatabasePerTenantSetNamesEachTenantsDatabaseAndDoesNotPoolItsConnections()
    {
        ScopeDefinition set = Set("Host=db1;Database=tenant_{user};Username=ledger");
        Assert.IsEmpty(Resolver.Problems(set));
        DatabaseTarget alice = List(set, ("alice", null))[0].Target!;
        PostgresLocation location = PostgresLocation.Parse(alice.Location);
        Assert.AreEqual("tenant_alice", location.Database);
        Assert.AreEqual("public", location.Schema);
        Assert.IsFalse(new Npgsql.NpgsqlConnectionStringBuilder(alice.Location).Pooling, "thousands of databases must not each keep idle connections");

        DatabaseTarget pooled = List(Set("Host=db1;Database=t_{user};Pooling=true"), ("alice", null))[0].Target!;
        Assert.IsFalse(new Npgsql.NpgsqlConnectionStringBuilder(pooled.Location).Pooling, "not even when the template says Pooling=true");
    }

    [TestMethod]
    public void AQueryColumnThatIsNoValueForItsKeywordRefusesThatTenantAloneNamingIt()
    {
        ScopeDefinition set = Set("Host=db1;Port={port};Database=app;Password=secret", "t_{user}");
        Assert.IsEmpty(Resolver.Problems(set));
        UserDatabase[] members = List(set, ("alice", "abc"), ("bob", "5433"), ("carol", "99999999999")).ToArray();
        Assert.IsNull(members[0].Target);
        StringAssert.Contains(members[0].Problem, "'alice'");
        StringAssert.Contains(members[0].Problem, "{port} = 'abc'");
        Assert.DoesNotContain("secret", members[0].Problem!, "the connection string is not repeated");
        Assert.AreEqual(5433, new Npgsql.NpgsqlConnectionStringBuilder(members[1].Target!.Location).Port);
        Assert.IsNull(members[2].Target, members[2].Problem);
        StringAssert.Contains(members[2].Problem, "{port} = '99999999999'");
    }

    [TestMethod]
    public void AQueryColumnPlacesEachTenantOnItsServer()
    {
        ScopeDefinition set = Set("Host={shard}.db.internal;Database=app", "t_{user}");
        Assert.IsEmpty(Resolver.Problems(set));
        CollectionAssert.AreEqual(new[] { "shard" }, Resolver.Members(set, null).Placeholders.ToArray());
        UserDatabase[] members = List(set, ("alice", "eu1"), ("bob", "us2")).ToArray();
        Assert.AreEqual("eu1.db.internal", PostgresLocation.Parse(members[0].Target!.Location).Host);
        Assert.AreEqual("us2.db.internal", PostgresLocation.Parse(members[1].Target!.Location).Host);
        Assert.AreEqual("t_bob", PostgresLocation.Parse(members[1].Target!.Location).Schema);
    }

    [TestMethod]
    public void ANameLongerThanPostgresKeepsIsRefusedNeverCut()
    {
        ScopeDefinition set = Set("Host=db1;Database=app", "tenant_{user}");
        string longName = new('a', 57); // tenant_ + 57 = 64 bytes
        UserDatabase refused = List(set, (longName, null))[0];
        Assert.IsNull(refused.Target);
        StringAssert.Contains(refused.Problem, "64 bytes");
        StringAssert.Contains(refused.Problem, "at most 63");
        Assert.IsNotNull(List(set, (new string('a', 56), null))[0].Target, "63 bytes is allowed");

        UserDatabase database = List(Set("Host=db1;Database=tenant_database_{user}"), (new string('b', 50), null))[0];
        StringAssert.Contains(database.Problem, "database 'tenant_database_");

        UserDatabase reserved = List(Set("Host=db1;Database=app", "{user}"), ("pg_catalog", null))[0];
        StringAssert.Contains(reserved.Problem, "pg_");
    }

    [TestMethod]
    public void HostileNamesNeverBecomeALocation()
    {
        ScopeDefinition set = Set("Host=db1;Database=app", "tenant_{user}");
        foreach (string name in HostileNames.UserNames)
        {
            UserDatabase member = List(set, (name, null))[0];
            Assert.IsNull(member.Target, $"'{name}' must be refused");
        }
    }

    [TestMethod]
    public void EachSettingThatCannotWorkIsAProblemNamingItWithoutShowingThePassword()
    {
        void Expect(ScopeDefinition scope, string setting, string words)
        {
            IReadOnlyList<LocationProblem> problems = Resolver.Problems(scope);
            Assert.IsTrue(problems.Any(p => p.Setting == setting && p.Message.Contains(words, StringComparison.Ordinal)),
                $"expected a problem at {setting} with '{words}'; got: {string.Join(" | ", problems.Select(p => $"{p.Setting}: {p.Message}"))}");
            Assert.IsFalse(problems.Any(p => p.Message.Contains("s3cret", StringComparison.Ordinal)), "a password is never shown");
        }

        var single = new ScopeDefinition("system") { Engine = "postgres", Database = "Host=db1;Database=app;Password=s3cret" };
        Expect(single with { Database = "Host=db1;Database={user};Password=s3cret" }, "database", "one database");
        Expect(single with { Schema = "t_{user}" }, "schema", "one database");
        Expect(single with { Database = "Host=db1;Password=s3cret;Search Path=x" }, "database", "'schema' setting");
        Expect(single with { Database = "Host=db1;Frobnicate=1;Password=s3cret" }, "database", "Npgsql");
        Expect(single with { Database = "Database=app;Password=s3cret" }, "database", "Host=");
        Expect(single with { Database = "not a connection string" }, "database", "not a connection string");
        Expect(single with { Schema = new string('s', 64) }, "schema", "64 bytes");
        Expect(single with { Schema = "pg_mine" }, "schema", "pg_");
        Expect(single with { Database = $"Host=db1;Database={new string('d', 64)};Password=s3cret" }, "database", "64 bytes");

        Expect(Set("Host=db1;Database=app;Password=s3cret"), "database", "put {user} in 'schema'");
        Expect(Set("Host=db1;Database=t_{user};Password=s3cret", "t_{user}"), "database", "more than once");
        Expect(Set("Host=db1;Database=app;Username={user};Password=s3cret", "x"), "database", "Host=, Port= and Database=");
        Expect(new ScopeDefinition("cache") { Engine = "postgres", Glob = "tenant_*" }, "glob", "no glob");
    }

    [TestMethod]
    public void ConnectionStringsAreNotPathsAndBackupsAreNotMembers()
    {
        ScopeDefinition set = Set("Host=db1;Database=app", "t_{user}");
        Assert.AreEqual(set, Resolver.Anchored(set, "/somewhere"));
        Assert.IsNull(Resolver.BackupClash(set, "/backups"));
    }
}
