using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Ledger.Bench.FanOut;

/// <summary>
/// The floor: the least a correct tool can do, hand-written with Microsoft.Data.Sqlite. Per tenant: open; per
/// step: <c>BEGIN IMMEDIATE</c>, the step's SQL, one journal insert, <c>COMMIT</c>. The no-op run opens each
/// database and reads its version. Runs as its own process so it is timed like the tools.
/// With <c>checks</c>, it also does what every correct runner must do and the floor leaves out: the
/// journal re-read inside each step's transaction, <c>PRAGMA foreign_key_check</c> before each commit and
/// <c>PRAGMA quick_check</c> after a database's last step — what Ledger cannot skip, so that its gap to the floor
/// can be told apart from its own cost.
/// </summary>
internal static class FloorLoop
{
    public static int Run(string directory, int steps, bool checks)
    {
        var scenario = new FanOutScenario(steps);
        var clock = Stopwatch.StartNew();
        int migrated = 0;
        foreach (string file in Directory.EnumerateFiles(directory, "*.db").Order(StringComparer.Ordinal))
        {
            if (Migrate(file, scenario, checks)) migrated++;
        }

        Console.WriteLine($"floor: {migrated} migrated in {clock.ElapsedMilliseconds} ms");
        return 0;
    }

    /// <summary>Brings one database to the scenario's last step; true when a step ran.</summary>
    public static bool Migrate(string file, FanOutScenario scenario, bool checks)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'floor_journal'";
        long current = 0;
        if ((long)command.ExecuteScalar()! == 1)
        {
            command.CommandText = "SELECT count(*) FROM floor_journal";
            current = (long)command.ExecuteScalar()!;
        }

        for (int i = (int)current; i < scenario.Steps.Count; i++)
        {
            command.CommandText = "BEGIN IMMEDIATE";
            command.ExecuteNonQuery();
            command.CommandText = "CREATE TABLE IF NOT EXISTS floor_journal (version TEXT PRIMARY KEY, applied_at TEXT NOT NULL)";
            command.ExecuteNonQuery();
            if (checks) ReadAll(command, "SELECT version, applied_at FROM floor_journal");
            command.CommandText = scenario.Steps[i];
            command.ExecuteNonQuery();
            command.CommandText = $"INSERT INTO floor_journal VALUES ('{FanOutScenario.Version(i)}', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))";
            command.ExecuteNonQuery();
            if (checks) ReadAll(command, "PRAGMA foreign_key_check");
            command.CommandText = "COMMIT";
            command.ExecuteNonQuery();
        }

        if (checks && current < scenario.Steps.Count) ReadAll(command, "PRAGMA quick_check");
        return current < scenario.Steps.Count;
    }

    private static void ReadAll(SqliteCommand command, string sql)
    {
        command.CommandText = sql;
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
        }
    }
}
