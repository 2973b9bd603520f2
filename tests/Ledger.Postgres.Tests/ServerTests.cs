using Npgsql;

namespace Ledger.Postgres.Tests;

/// <summary>The test run's own server answers on its Unix socket, and each test gets a database of its own.</summary>
[TestClass]
public sealed class ServerTests
{
    [TestMethod]
    public async Task ThePrivateServerAnswersOnItsSocketAndGivesEachTestItsOwnDatabase()
    {
        string first = await Server.NewDatabaseAsync();
        string second = await Server.NewDatabaseAsync();
        Assert.AreNotEqual(first, second);

        await using var connection = new NpgsqlConnection(first);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_setting('listen_addresses'), current_setting('server_version_num')::int", connection);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync();
        Assert.IsTrue(await reader.ReadAsync());
        Assert.AreEqual("", reader.GetString(0), "a Unix socket only: no TCP address");
        Assert.IsGreaterThanOrEqualTo(130000, reader.GetInt32(1), "PostgreSQL 13 or later");
    }
}
