using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Ledger.Bench.FanOut;

/// <summary>A tool under test: how to run it over a folder of tenant databases, and its journal table.</summary>
/// <param name="Name">Shown in the table.</param>
/// <param name="Command">Program and arguments, given the scenario folder, the tenants folder and the ledger file.</param>
/// <param name="Journal">The journal table whose rows are counted to verify.</param>
internal sealed record Contender(string Name, Func<string, string, string, (string File, string[] Args)> Command, string Journal);

/// <summary>One contender's medians.</summary>
internal sealed record ContenderResult(string Name, int Tenants, int Steps, double ApplyMs, double NoopMs, long PeakBytes, double ApplyRatio, double NoopRatio, int Runs);

/// <summary>
/// The fan-out benchmark: N empty tenant databases, M steps, every contender run as a process on fresh copies,
/// from empty and again as a no-op; every database's final schema verified; medians and ratios to the floor.
/// </summary>
internal static class FanOutBenchmark
{
    public static int Run(string ledgerDll, string benchDll, int tenants, int steps, int runs, string? output, IReadOnlyList<string> only)
    {
        var scenario = new FanOutScenario(steps);
        string root = Path.Combine(Path.GetTempPath(), "ledger-fanout", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        string ledgerFile = Path.Combine(root, "MIGRATIONS.md");
        File.WriteAllText(ledgerFile, scenario.Ledger());
        string expected = ExpectedSchema(scenario);

        var contenders = Contenders(ledgerDll, benchDll, steps).Where(c => only.Count == 0 || only.Contains(c.Name)).ToList();
        var samples = contenders.ToDictionary(c => c.Name, _ => new List<(double Apply, double Noop, long Peak)>());
        try
        {
            for (int run = 1; run <= runs; run++)
            {
                foreach (Contender contender in contenders)
                {
                    string tenantsDir = Path.Combine(root, "tenants");
                    Reset(tenantsDir, tenants);
                    (string file, string[] args) = contender.Command(root, tenantsDir, ledgerFile);
                    ProcessMeasure apply = ProcessMeter.Run(file, args, root);
                    Check(contender, apply, "apply");
                    Verify(contender, tenantsDir, expected, steps);
                    ProcessMeasure noop = ProcessMeter.Run(file, args, root);
                    Check(contender, noop, "no-op");
                    samples[contender.Name].Add((apply.Milliseconds, noop.Milliseconds, Math.Max(apply.PeakBytes, noop.PeakBytes)));
                    Console.Error.WriteLine($"run {run}/{runs} {contender.Name}: apply {apply.Milliseconds:0} ms, no-op {noop.Milliseconds:0} ms, peak {apply.PeakBytes / 1048576.0:0.0} MiB");
                }
            }
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }

        var floor = samples.GetValueOrDefault("floor");
        double floorApply = floor is null ? double.NaN : Median(floor.Select(s => s.Apply));
        double floorNoop = floor is null ? double.NaN : Median(floor.Select(s => s.Noop));
        var results = contenders.Select(c =>
        {
            var s = samples[c.Name];
            double apply = Median(s.Select(x => x.Apply)), noop = Median(s.Select(x => x.Noop));
            return new ContenderResult(c.Name, tenants, steps, apply, noop, s.Max(x => x.Peak), apply / floorApply, noop / floorNoop, runs);
        }).ToList();

        string table = Table(results);
        Console.WriteLine(table);
        if (output is not null)
        {
            File.WriteAllText(output, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
            File.WriteAllText(Path.ChangeExtension(output, ".md"), table);
        }

        return 0;
    }

    private static IEnumerable<Contender> Contenders(string ledgerDll, string benchDll, int steps)
    {
        string[] Ledger(string tenantsDir, string ledgerFile, params string[] extra) =>
            [ledgerDll, "apply", "--ledger", ledgerFile, "--users-glob", Path.Combine(tenantsDir, "*.db"), "--no-backup", .. extra];

        yield return new Contender("floor", (_, t, _) => ("dotnet", [benchDll, "floor", "--dir", t, "--steps", steps.ToString(CultureInfo.InvariantCulture)]), "floor_journal");
        yield return new Contender("ledger", (_, t, l) => ("dotnet", Ledger(t, l)), "ledger_history");
        yield return new Contender("ledger --parallel 1", (_, t, l) => ("dotnet", Ledger(t, l, "--parallel", "1")), "ledger_history");
        yield return new Contender("ledger --transaction per-database", (_, t, l) => ("dotnet", Ledger(t, l, "--transaction", "per-database")), "ledger_history");
    }

    private static void Reset(string directory, int tenants)
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        Directory.CreateDirectory(directory);
        for (int i = 1; i <= tenants; i++)
        {
            // An empty file is an empty SQLite database: every contender starts from the same nothing.
            File.WriteAllBytes(Path.Combine(directory, $"tenant{i:00000}.db"), []);
        }
    }

    private static void Check(Contender contender, ProcessMeasure measure, string what)
    {
        if (measure.ExitCode != 0)
        {
            throw new InvalidOperationException($"{contender.Name} {what} exited {measure.ExitCode}:\n{measure.Output}");
        }
    }

    /// <summary>Every tenant has exactly the expected schema and one journal row per step.</summary>
    private static void Verify(Contender contender, string directory, string expected, int steps)
    {
        int checkedCount = 0;
        foreach (string file in Directory.EnumerateFiles(directory, "*.db"))
        {
            using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
            connection.Open();
            string schema = Schema(connection);
            if (schema != expected)
            {
                throw new InvalidOperationException($"{contender.Name}: {Path.GetFileName(file)} has the wrong schema");
            }

            using SqliteCommand count = connection.CreateCommand();
            count.CommandText = $"SELECT count(*) FROM {contender.Journal}";
            if ((long)count.ExecuteScalar()! != steps)
            {
                throw new InvalidOperationException($"{contender.Name}: {Path.GetFileName(file)} does not have {steps} journal rows");
            }

            checkedCount++;
        }

        if (checkedCount == 0) throw new InvalidOperationException("no tenant databases to verify");
    }

    private static string ExpectedSchema(FanOutScenario scenario)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        foreach (string step in scenario.Steps)
        {
            command.CommandText = step;
            command.ExecuteNonQuery();
        }

        return Schema(connection);
    }

    private static string Schema(SqliteConnection connection)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master " +
                              "WHERE name NOT LIKE 'sqlite_%' AND name NOT IN ('ledger_history', 'floor_journal', 'schema_migrations', 'sqitch_journal') " +
                              "AND tbl_name NOT IN ('ledger_history', 'floor_journal', 'schema_migrations') ORDER BY type, name";
        var sb = new StringBuilder();
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read()) sb.AppendLine(reader.GetString(0));
        return sb.ToString();
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Table(IReadOnlyList<ContenderResult> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| contender | N | M | apply (ms) | no-op (ms) | apply ÷ floor | no-op ÷ floor | peak memory (MiB) |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (ContenderResult r in results)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.Tenants} | {r.Steps} | {r.ApplyMs:0} | {r.NoopMs:0} | {r.ApplyRatio:0.00} | {r.NoopRatio:0.00} | {r.PeakBytes / 1048576.0:0.0} |");
        }

        return sb.ToString();
    }
}
