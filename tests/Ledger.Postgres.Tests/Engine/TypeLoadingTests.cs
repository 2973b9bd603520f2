using Ledger.Execution;
using Ledger.Postgres.Engine;
using Ledger.Postgres.Targets;
using Ledger.Scoping;
using Npgsql;

namespace Ledger.Postgres.Tests.Engine;

/// <summary>
/// Connections do not read the server's type catalogue when they open (it cost most of a no-op run over a thousand
/// tenant schemas), so a set's query column of a type Npgsql then does not know (an enum) must still arrive as its text.
/// </summary>
[TestClass]
public sealed class TypeLoadingTests
{
    [TestMethod]
    public async Task AQueryColumnOfAnEnumTypeIsReadAsItsText()
    {
        string database = await Server.NewDatabaseAsync();
        await using (var setup = new NpgsqlConnection(database))
        {
            await setup.OpenAsync();
            await using var command = new NpgsqlCommand(
                "CREATE TYPE tier AS ENUM ('free', 'paid'); CREATE TABLE tenants (name text, tier tier); INSERT INTO tenants VALUES ('alice', 'paid')", setup);
            await command.ExecuteNonQueryAsync();
        }

        var engine = new PostgresEngine(new PostgresTargetResolver());
        DatabaseTarget target = engine.Targets.One(new ScopeDefinition("system") { Engine = "postgres", Database = database });
        await using IMigrationConnection connection = await engine.OpenReadOnlyAsync(target, CancellationToken.None);
        var rows = new List<QueryRow>();
        await foreach (QueryRow row in connection.QueryAsync("SELECT name, tier FROM tenants", _ => [1], CancellationToken.None)) rows.Add(row);

        Assert.HasCount(1, rows);
        Assert.AreEqual("alice", rows[0].Values[0]);
        Assert.AreEqual("paid", Convert.ToString(rows[0].Values[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
