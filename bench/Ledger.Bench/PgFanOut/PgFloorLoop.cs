using System.Diagnostics;
using Npgsql;

namespace Ledger.Bench.PgFanOut;

/// <summary>
/// The PostgreSQL floor: the least a correct tool can do, hand-written with Npgsql on one connection. It lists the
/// tenants from the system table (as every contender does), then per tenant: <c>SET search_path</c> to its schema,
/// read its journal; per missing step: a transaction holding the step's SQL and one journal insert, committed. The
/// no-op run does the listing and the journal reads only. Runs as its own process so it is timed like the tools.
/// </summary>
internal static class PgFloorLoop
{
    public static int Run(string connectionString, int steps)
    {
        var scenario = new PgScenario(steps);
        var clock = Stopwatch.StartNew();
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        var tenants = new List<string>();
        using (var list = new NpgsqlCommand("SELECT name FROM public.tenants ORDER BY name", connection))
        using (NpgsqlDataReader reader = list.ExecuteReader())
        {
            while (reader.Read()) tenants.Add(reader.GetString(0));
        }

        int migrated = 0;
        foreach (string tenant in tenants)
        {
            if (Migrate(connection, PgScenario.Schema(tenant), scenario)) migrated++;
        }

        Console.WriteLine($"pg-floor: {migrated} of {tenants.Count} migrated in {clock.ElapsedMilliseconds} ms");
        return 0;
    }

    private static bool Migrate(NpgsqlConnection connection, string schema, PgScenario scenario)
    {
        using var command = new NpgsqlCommand($"SET search_path TO \"{schema}\"; SELECT to_regclass('floor_journal') IS NOT NULL", connection);
        long current = 0;
        if ((bool)command.ExecuteScalar()!)
        {
            command.CommandText = "SELECT count(*) FROM floor_journal";
            current = (long)command.ExecuteScalar()!;
        }

        for (int i = (int)current; i < scenario.Steps.Count; i++)
        {
            using NpgsqlTransaction transaction = connection.BeginTransaction();
            command.Transaction = transaction;
            // The journal table comes with the first step, in its transaction.
            command.CommandText = (i == 0 ? "CREATE TABLE floor_journal (version text PRIMARY KEY, applied_at timestamptz NOT NULL);\n" : "") +
                                  scenario.Steps[i] +
                                  $"\nINSERT INTO floor_journal VALUES ('{PgScenario.Version(i)}', now())";
            command.ExecuteNonQuery();
            transaction.Commit();
        }

        return current < scenario.Steps.Count;
    }
}
