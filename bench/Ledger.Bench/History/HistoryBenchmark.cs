using System.Globalization;
using System.Text;
using Ledger.Bench.FanOut;
using Microsoft.Data.Sqlite;

namespace Ledger.Bench.History;

/// <summary>
/// Whether Ledger's cost per step grows with the database's history: one database taken through a long ledger
/// (50,000 steps by default) by one <c>ledger apply</c> process, once a transaction per step and once with
/// <c>--transaction per-database</c>. Each step's SQL costs the same whatever came before (see
/// <see cref="HistoryScenario"/>), so any growth is the runner's. The time of each step is read afterwards from
/// the journal's <c>applied_at</c> (stamped when a step's SQL has run, before its journal row and commit): the
/// interval between two consecutive steps holds everything one step costs, the commit of the one before, the next
/// transaction's start, the journal check and the SQL. Reports the mean over the first steps and over the last
/// ones, and their ratio, measured in the same run of the same process.
/// </summary>
internal static class HistoryBenchmark
{
    private static readonly (string Name, string[] Options)[] Modes =
    [
        ("apply (a transaction per step)", []),
        ("apply --transaction per-database", ["--transaction", "per-database"]),
    ];

    /// <param name="ledgerDll">The published <c>ledger.dll</c>.</param>
    /// <param name="directory">Where the database goes (tmpfs by default: no disk, whose fsync per commit costs the same at every step and would only dilute a growth).</param>
    /// <param name="steps">Steps in the ledger.</param>
    /// <param name="first">How many of the first steps the early mean covers.</param>
    /// <param name="from">The late mean covers the steps after this one to the last.</param>
    /// <param name="output">A Markdown file for the table, or null.</param>
    public static int Run(string ledgerDll, string directory, int steps, int first, int from, string? output)
    {
        if (first < 1 || from <= first || from >= steps)
        {
            throw new ArgumentException("need 1 ≤ --first < --from < --steps");
        }

        string root = Path.Combine(directory, "ledger-history-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            string ledger = Path.Combine(root, "MIGRATIONS.md");
            File.WriteAllText(ledger, HistoryScenario.Ledger(steps));
            var results = new List<ModeResult>();
            foreach ((string name, string[] options) in Modes)
            {
                string tenants = Path.Combine(root, $"mode{results.Count}");
                Directory.CreateDirectory(tenants);
                string database = Path.Combine(tenants, "tenant.db");
                File.WriteAllBytes(database, []);
                ProcessMeasure run = ProcessMeter.Run("dotnet",
                    [ledgerDll, "apply", "--ledger", ledger, "--users-glob", Path.Combine(tenants, "*.db"), "--no-backup", .. options], root);
                if (run.ExitCode != 0)
                {
                    throw new InvalidOperationException($"{name} exited with {run.ExitCode}:\n{run.Output}");
                }

                double[] at = AppliedAt(database);
                if (at.Length != steps)
                {
                    throw new InvalidOperationException($"{name} recorded {at.Length} steps, not {steps}");
                }

                var result = new ModeResult(name, run.Milliseconds, run.PeakBytes, PerStep(at, 0, first), PerStep(at, from - 1, steps - 1),
                    Enumerable.Range(0, (steps + 4_999) / 5_000).Select(b => PerStep(at, b * 5_000, Math.Min((b + 1) * 5_000, steps - 1))).ToArray());
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name}: {run.Milliseconds / 1000:F1} s, {result.Early:F3} → {result.Late:F3} ms per step"));
                results.Add(result);
            }

            string table = Table(results, steps, first, from);
            Console.WriteLine(table);
            if (output is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
                File.WriteAllText(output, table);
            }

            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Each journal row's <c>applied_at</c>, in milliseconds after the first, in the order the rows were written.</summary>
    private static double[] AppliedAt(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT applied_at FROM ledger_history ORDER BY rowid";
        var stamps = new List<DateTime>();
        using (SqliteDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                stamps.Add(DateTime.ParseExact(reader.GetString(0), "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal));
            }
        }

        return stamps.Select(s => (s - stamps[0]).TotalMilliseconds).ToArray();
    }

    /// <summary>Mean milliseconds per step between the stamps of steps <paramref name="start"/> and <paramref name="end"/> (0-based).</summary>
    private static double PerStep(double[] at, int start, int end) => end > start ? (at[end] - at[start]) / (end - start) : double.NaN;

    private static string Table(List<ModeResult> results, int steps, int first, int from)
    {
        string F(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"| one database, {F(steps)} steps | whole apply (s) | per step, steps 2–{F(first + 1)} (ms) | per step, steps {F(from + 1)}–{F(steps)} (ms) | late ÷ early | peak memory (MiB) |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (ModeResult r in results)
        {
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.Milliseconds / 1000:F1} | {r.Early:F3} | {r.Late:F3} | **{r.Late / r.Early:F2}** | {r.PeakBytes / 1048576.0:F1} |"));
        }

        sb.AppendLine();
        sb.AppendLine("Per step (ms), each 5,000 steps in turn:");
        sb.AppendLine();
        foreach (ModeResult r in results)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"- {r.Name}: {string.Join(" / ", r.Buckets.Select(b => b.ToString("F3", CultureInfo.InvariantCulture)))}");
        }

        return sb.ToString();
    }

    private sealed record ModeResult(string Name, double Milliseconds, long PeakBytes, double Early, double Late, double[] Buckets);
}

/// <summary>
/// A ledger of N user steps whose SQL costs the same at every step: the first creates three tables (one with a foreign
/// key) and ten accounts; every later step upserts one of a hundred postings (so the foreign-key check reads the same
/// rows every time), moves an account's balance and appends one audit row (a table that grows like real data does).
/// </summary>
internal static class HistoryScenario
{
    /// <summary>Version reached by step <paramref name="index"/> (0-based).</summary>
    public static string Version(int index) => $"1.0.{index}";

    public static string Ledger(int steps)
    {
        var sb = new StringBuilder(steps * 520);
        sb.Append("# History benchmark ledger\n\nGenerated by `ledger-bench history`.\n");
        for (int i = 0; i < steps; i++)
        {
            string from = i == 0 ? "baseline" : Version(i - 1), to = Version(i);
            sb.Append(CultureInfo.InvariantCulture, $"\n### Migration: {from} → {to}\n\n**Description**: history step {i + 1}\n\n```sql\n");
            sb.Append(CultureInfo.InvariantCulture, $"-- [user:{from}→{to}:start]\n{Step(i)}\n-- [user:{from}→{to}:end]\n```\n");
        }

        return sb.ToString();
    }

    private static string Step(int i) => i == 0
        ? """
          CREATE TABLE account (id INTEGER PRIMARY KEY, name TEXT NOT NULL, balance INTEGER NOT NULL DEFAULT 0);
          CREATE TABLE posting (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL REFERENCES account (id), amount INTEGER NOT NULL, note TEXT);
          CREATE TABLE audit (id INTEGER PRIMARY KEY, step INTEGER NOT NULL, note TEXT NOT NULL);
          INSERT INTO account (id, name) VALUES (1, 'a1'), (2, 'a2'), (3, 'a3'), (4, 'a4'), (5, 'a5'), (6, 'a6'), (7, 'a7'), (8, 'a8'), (9, 'a9'), (10, 'a10');
          """
        : string.Create(CultureInfo.InvariantCulture, $"""
          INSERT INTO posting (id, account_id, amount, note) VALUES ({i % 100}, {i % 10 + 1}, {i}, 'step {i}')
              ON CONFLICT (id) DO UPDATE SET account_id = excluded.account_id, amount = excluded.amount, note = excluded.note;
          UPDATE account SET balance = balance + {i} WHERE id = {i % 10 + 1};
          INSERT INTO audit (step, note) VALUES ({i}, 'applied step {i}');
          """);
}
