using Ledger.Execution;
using Ledger.Postgres.Engine;
using Ledger.Postgres.Targets;
using Ledger.Scoping;
using Npgsql;

namespace Ledger.Postgres.Tests.Engine;

/// <summary>
/// The data source leaves out the types Ledger never reads (ranges, full-text, geometric…): a set's query reads only
/// the columns its caller picks, so <c>SELECT *</c> over a table that has such columns still lists its members, and a
/// column that is picked but cannot be read is a message saying which column, its type and what to do.
/// </summary>
[TestClass]
public sealed class UnreadTypeTests
{
    private static async Task<IMigrationConnection> TenantsAsync()
    {
        string database = await Server.NewDatabaseAsync();
        await using (var setup = new NpgsqlConnection(database))
        {
            await setup.OpenAsync();
            await using var command = new NpgsqlCommand(
                "CREATE TABLE tenants (name text, active tstzrange, words tsvector, place point, shard text); " +
                "INSERT INTO tenants VALUES ('alice', tstzrange('2026-01-01', NULL), to_tsvector('simple', 'a b'), point(1, 2), 's1')", setup);
            await command.ExecuteNonQueryAsync();
        }

        var engine = new PostgresEngine(new PostgresTargetResolver());
        DatabaseTarget target = engine.Targets.One(new ScopeDefinition("system") { Engine = "postgres", Database = database });
        return await engine.OpenReadOnlyAsync(target, CancellationToken.None);
    }

    [TestMethod]
    public async Task SelectStarReadsOnlyTheColumnsPickedSoRangeFullTextAndGeometricColumnsDoNoHarm()
    {
        await using IMigrationConnection connection = await TenantsAsync();
        var rows = new List<QueryRow>();
        await foreach (QueryRow row in connection.QueryAsync("SELECT * FROM tenants", names => [names.Count - 1], CancellationToken.None)) rows.Add(row);

        Assert.HasCount(1, rows);
        CollectionAssert.AreEqual(new[] { "name", "active", "words", "place", "shard" }, rows[0].Columns.ToArray());
        CollectionAssert.AreEqual(new object?[] { "alice", null, null, null, "s1" }, rows[0].Values.ToArray());
    }

    [TestMethod]
    [DataRow("active", "tstzrange")]
    [DataRow("words", "tsvector")]
    [DataRow("place", "point")]
    public async Task APickedColumnOfATypeLedgerDoesNotReadIsAMessageNamingItsTypeAndTheCast(string column, string type)
    {
        await using IMigrationConnection connection = await TenantsAsync();
        InvalidDataException e = await Assert.ThrowsExactlyAsync<InvalidDataException>(async () =>
        {
            await foreach (QueryRow _ in connection.QueryAsync("SELECT * FROM tenants", names => [names.ToList().IndexOf(column)], CancellationToken.None))
            {
            }
        });

        StringAssert.Contains(e.Message, $"column '{column}' is of type {type}");
        StringAssert.Contains(e.Message, $"\"{column}\"::text");
    }
}
