using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Data.Sqlite;

namespace Ledger.Bench.FanOut;

/// <summary>Where the peers' programs are; a peer whose program is missing is left out (and said so).</summary>
/// <param name="Sqlite3">The sqlite3 command-line shell.</param>
/// <param name="Dbmate">dbmate's native binary.</param>
/// <param name="Sqitch">sqitch.</param>
/// <param name="SqitchTenants">sqitch is slow: it is measured on at most this many tenants and scaled.</param>
/// <param name="PreviousDll">Another build of the tool (an earlier commit), run beside this one as the 'previous …' contenders: a change's cost measured side by side.</param>
/// <param name="LedgerExe">The native (Native AOT) executable of the same code, run beside the JIT build as the 'ledger (native) …' contenders.</param>
internal sealed record Peers(string? Sqlite3, string? Dbmate, string? Sqitch, int SqitchTenants, string? PreviousDll = null, string? LedgerExe = null);

/// <summary>A tool under test.</summary>
/// <param name="Name">Shown in the table.</param>
/// <param name="Command">Program and arguments, given the scenario folder and the tenants folder.</param>
/// <param name="JournalRows">How many steps a tenant's journal records (verification).</param>
/// <param name="MaxTenants">Measured on at most this many tenants, then scaled to N (null: all N).</param>
/// <param name="Prepare">Run (untimed) on the fresh tenants before the timed apply, or null.</param>
internal sealed record Contender(
    string Name,
    Func<string, string, (string File, string[] Args)> Command,
    Func<string, string, long> JournalRows,
    int? MaxTenants = null,
    Func<string, string, (string File, string[] Args)>? Prepare = null);

/// <summary>
/// One contender's medians at one N. The ratios are the medians of per-round ratios: each run of the contender against
/// the floor's run in the same round, minutes apart at most, so that a disk whose speed drifts over the run (this
/// machine's does, by ±30%) shifts both sides of a ratio alike. <see cref="ApplyRatios"/> keeps every round's;
/// <see cref="ApplyRatioLow"/>–<see cref="ApplyRatioHigh"/>: where the true median ratio lies with at least 90%
/// confidence (<see cref="FanOutBenchmark.MedianInterval"/>).
/// </summary>
internal sealed record ContenderResult(string Name, int Tenants, int Measured, int Steps, double ApplyMs, double NoopMs, long PeakBytes,
    double ApplyRatio, double NoopRatio, int Runs, IReadOnlyList<double>? ApplyRatios = null, double ApplyRatioLow = double.NaN,
    double ApplyRatioHigh = double.NaN);

/// <summary>
/// How one contender's time grows from <see cref="From"/> tenants to <see cref="To"/>: the median of per-round ratios
/// (both counts run in the same round), its 90% interval, and every round's.
/// </summary>
internal sealed record GrowthResult(string Name, int From, int To, double ApplyRatio, double ApplyRatioLow, double ApplyRatioHigh,
    double NoopRatio, IReadOnlyList<double> ApplyRatios);

/// <summary>
/// The fan-out benchmark: N empty tenant databases, M steps, every contender run as its own process on fresh files,
/// from empty and again as a no-op, every tenant's final schema and journal verified; medians over the runs, ratios
/// to the floor (the hand-written in-process loop) and peak memory.
/// </summary>
internal static class FanOutBenchmark
{
    /// <summary>
    /// Runs every contender at every tenant count of <paramref name="tenantCounts"/> in each round (the counts of one
    /// round minutes apart, so that a ratio between them is measured side by side like the ratios to the floor), and
    /// writes one result file per count: <paramref name="output"/> with <c>{n}</c> replaced by the count. With more
    /// than one count, the growth from the smallest to each larger one (medians of per-round ratios) is written beside
    /// them as <c>growth.json</c> and <c>growth.md</c>.
    /// </summary>
    public static int Run(string ledgerDll, string benchDll, IReadOnlyList<int> tenantCounts, int steps, int runs, string? output,
        IReadOnlyList<string> only, Peers peers)
    {
        if (tenantCounts.Count == 0 || tenantCounts.Any(n => n < 1)) throw new ArgumentException("--tenants: one or more counts of at least 1");
        if (output is not null && tenantCounts.Count > 1 && !output.Contains("{n}", StringComparison.Ordinal))
        {
            throw new ArgumentException("--out: with several tenant counts, the file name needs {n} (e.g. results/fanout-{n}.json)");
        }

        var scenario = new FanOutScenario(steps);
        string root = Path.Combine(Path.GetTempPath(), "ledger-fanout", Guid.NewGuid().ToString("N"));
        WriteLedgers(scenario, root);
        scenario.WriteDbmate(Path.Combine(root, "dbmate"));
        scenario.WriteSqitch(Path.Combine(root, "sqitch"));
        string expected = ExpectedSchema(scenario);

        var contenders = Contenders(ledgerDll, benchDll, steps, root, peers)
            .Where(c => only.Count == 0 || only.Contains(c.Name)).ToList();
        if (contenders.Count == 0)
        {
            Console.Error.WriteLine($"ledger-bench: no contender is named {string.Join(", ", only.Select(o => $"'{o}'"))}");
            Directory.Delete(root, recursive: true);
            return 2;
        }

        // Every (contender, count) pair of a round, each round starting one pair later, so that no pair always runs
        // first, or always right after the same other one (whose files the kernel may still be writing back or discarding).
        var pairs = tenantCounts.SelectMany(n => contenders.Select(c => (Contender: c, Tenants: n))).ToList();
        var samples = pairs.ToDictionary(p => (p.Contender.Name, p.Tenants), _ => new List<Sample>());
        try
        {
            for (int run = 1; run <= runs; run++)
            {
                int shift = (run - 1) % pairs.Count;
                foreach ((Contender contender, int tenants) in pairs.Skip(shift).Concat(pairs.Take(shift)))
                {
                    samples[(contender.Name, tenants)].Add(Measure(contender, root, tenants, expected, steps, $"N={tenants} run {run}/{runs}"));
                }
            }
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
            // What comes next (another fanout, the lint timings) starts on a disk that has finished discarding.
            Settle();
            Thread.Sleep(QuietAfterDeleting);
        }

        foreach (int tenants in tenantCounts)
        {
            var results = Results(contenders, tenants, steps, runs, samples);
            string table = Table(results);
            Console.WriteLine(table);
            if (output is not null) Write(output.Replace("{n}", tenants.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal), results, table);
        }

        if (tenantCounts.Count > 1)
        {
            var growth = Growth(contenders, tenantCounts, samples);
            string table = GrowthTable(growth);
            Console.WriteLine(table);
            if (output is not null) Write(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(output))!, "growth.json"), growth, table);
        }

        return 0;
    }

    /// <summary>One timed apply and no-op of one contender on <paramref name="tenants"/> fresh empty databases, verified.</summary>
    private static Sample Measure(Contender contender, string root, int tenants, string expected, int steps, string label)
    {
        int n = Math.Min(tenants, contender.MaxTenants ?? tenants);
        string tenantsDir = Path.Combine(root, "tenants");
        Reset(root, tenantsDir, n);
        if (contender.Prepare is not null)
        {
            (string pf, string[] pa) = contender.Prepare(root, tenantsDir);
            Check(contender, ProcessMeter.Run(pf, pa, root), "prepare");
        }

        (string file, string[] args) = contender.Command(root, tenantsDir);
        Settle();
        ProcessMeasure apply = ProcessMeter.Run(file, args, root);
        Check(contender, apply, "apply");
        Verify(contender, root, tenantsDir, expected, steps);
        Settle();
        ProcessMeasure noop = ProcessMeter.Run(file, args, root);
        Check(contender, noop, "no-op");
        double scale = (double)tenants / n;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label} {contender.Name}: apply {apply.Milliseconds:0} ms, no-op {noop.Milliseconds:0} ms on {n} tenants, peak {apply.PeakBytes / 1048576.0:0.0} MiB"));
        return new Sample(apply.Milliseconds * scale, noop.Milliseconds * scale, Math.Max(apply.PeakBytes, noop.PeakBytes));
    }

    private sealed record Sample(double Apply, double Noop, long Peak);

    /// <summary>Medians at one count, and ratios to the floor's run of the same round.</summary>
    private static List<ContenderResult> Results(IReadOnlyList<Contender> contenders, int tenants, int steps, int runs,
        Dictionary<(string, int), List<Sample>> samples)
    {
        var floor = samples.GetValueOrDefault(("floor", tenants));
        return contenders.Select(c =>
        {
            var s = samples[(c.Name, tenants)];
            double apply = Median(s.Select(x => x.Apply)), noop = Median(s.Select(x => x.Noop));
            // Round r of the contender against round r of the floor (samples are kept in round order).
            double[] applyRatios = floor is null ? [] : s.Select((x, r) => x.Apply / floor[r].Apply).ToArray();
            double[] noopRatios = floor is null ? [] : s.Select((x, r) => x.Noop / floor[r].Noop).ToArray();
            (double low, double high) = MedianInterval(applyRatios);
            return new ContenderResult(c.Name, tenants, Math.Min(tenants, c.MaxTenants ?? tenants), steps, apply, noop, s.Max(x => x.Peak),
                Median(applyRatios), Median(noopRatios), runs, applyRatios, low, high);
        }).ToList();
    }

    /// <summary>Each contender's time at each larger count over its time at the smallest, round by round.</summary>
    private static List<GrowthResult> Growth(IReadOnlyList<Contender> contenders, IReadOnlyList<int> tenantCounts,
        Dictionary<(string, int), List<Sample>> samples)
    {
        int smallest = tenantCounts.Min();
        return tenantCounts.Where(n => n != smallest).SelectMany(n => contenders.Select(c =>
        {
            var small = samples[(c.Name, smallest)];
            double[] apply = samples[(c.Name, n)].Select((x, r) => x.Apply / small[r].Apply).ToArray();
            double[] noop = samples[(c.Name, n)].Select((x, r) => x.Noop / small[r].Noop).ToArray();
            (double low, double high) = MedianInterval(apply);
            return new GrowthResult(c.Name, smallest, n, Median(apply), low, high, Median(noop), apply);
        })).ToList();
    }

    /// <summary>How result files are written and read (the chart reads them): a run without the floor has no ratios (NaN).</summary>
    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static void Write<T>(string path, T results, string table)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(results, Json));
        File.WriteAllText(Path.ChangeExtension(path, ".md"), table);
    }

    /// <summary>The scenario's files without running anything: to time or profile one contender by hand.</summary>
    public static int WriteScenario(string root, int tenants, int steps)
    {
        WriteLedgers(new FanOutScenario(steps), root);
        string directory = Path.Combine(root, "tenants");
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true); // by hand: nothing timed follows
        Reset(root, directory, tenants);
        Console.WriteLine($"wrote {root}: MIGRATIONS.md, all-steps.sql and {tenants} empty databases in tenants/");
        return 0;
    }

    private static void WriteLedgers(FanOutScenario scenario, string root)
    {
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "MIGRATIONS.md"), scenario.Ledger());
        File.WriteAllText(Path.Combine(root, "all-steps.sql"), scenario.SingleTransactionScript());
    }

    private static IEnumerable<Contender> Contenders(string ledgerDll, string benchDll, int steps, string root, Peers peers)
    {
        string m = steps.ToString(CultureInfo.InvariantCulture);
        string last = FanOutScenario.Version(steps - 1);
        string beforeLast = steps > 1 ? FanOutScenario.Version(steps - 2) : "baseline";
        string[] Ledger(string tenantsDir, params string[] extra) => Apply(ledgerDll, tenantsDir, extra);
        string[] Apply(string dll, string tenantsDir, params string[] extra) =>
            [dll, "apply", "--ledger", Path.Combine(root, "MIGRATIONS.md"), "--users-glob", Path.Combine(tenantsDir, "*.db"), .. extra];
        long Count(string db, string sql)
        {
            using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
            c.Open();
            using SqliteCommand cmd = c.CreateCommand();
            cmd.CommandText = sql;
            return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        yield return new Contender("floor", (_, t) => ("dotnet", [benchDll, "floor", "--dir", t, "--steps", m]),
            (_, db) => Count(db, "SELECT count(*) FROM floor_journal"));
        yield return new Contender("floor + required checks", (_, t) => ("dotnet", [benchDll, "floor", "--dir", t, "--steps", m, "--checks"]),
            (_, db) => Count(db, "SELECT count(*) FROM floor_journal"));
        yield return new Contender("ledger", (_, t) => ("dotnet", Ledger(t, "--no-backup")),
            (_, db) => Count(db, "SELECT count(*) FROM ledger_history"));
        yield return new Contender("ledger --parallel 1", (_, t) => ("dotnet", Ledger(t, "--no-backup", "--parallel", "1")),
            (_, db) => Count(db, "SELECT count(*) FROM ledger_history"));
        yield return new Contender("ledger --transaction per-database", (_, t) => ("dotnet", Ledger(t, "--no-backup", "--transaction", "per-database")),
            (_, db) => Count(db, "SELECT count(*) FROM ledger_history"));

        // The native build runs itself: no 'dotnet' host, no JIT, so its start-up is what a shipped 'ledger' costs.
        if (peers.LedgerExe is string native)
        {
            string[] Native(string tenantsDir, params string[] extra) => Apply(native, tenantsDir, extra)[1..];
            yield return new Contender("ledger (native)", (_, t) => (native, Native(t, "--no-backup")),
                (_, db) => Count(db, "SELECT count(*) FROM ledger_history"));
            yield return new Contender("ledger (native) --parallel 1", (_, t) => (native, Native(t, "--no-backup", "--parallel", "1")),
                (_, db) => Count(db, "SELECT count(*) FROM ledger_history"));
            yield return new Contender("ledger (native) --transaction per-database", (_, t) => (native, Native(t, "--no-backup", "--transaction", "per-database")),
                (_, db) => Count(db, "SELECT count(*) FROM ledger_history"));
        }

        if (peers.PreviousDll is string previous)
        {
            yield return new Contender("previous ledger", (_, t) => ("dotnet", Apply(previous, t, "--no-backup")),
                (_, db) => Count(db, "SELECT count(*) FROM ledger_history"));
            yield return new Contender("previous ledger --parallel 1", (_, t) => ("dotnet", Apply(previous, t, "--no-backup", "--parallel", "1")),
                (_, db) => Count(db, "SELECT count(*) FROM ledger_history"));
            yield return new Contender("previous ledger --transaction per-database", (_, t) => ("dotnet", Apply(previous, t, "--no-backup", "--transaction", "per-database")),
                (_, db) => Count(db, "SELECT count(*) FROM ledger_history"));
        }

        // The cost of backups: the last step applied to tenants that already hold the others, with and without backups.
        Func<string, string, (string, string[])> toBeforeLast = (_, t) => ("dotnet", Ledger(t, "--no-backup", "--target", beforeLast));
        yield return new Contender("ledger last step, --no-backup", (_, t) => ("dotnet", Ledger(t, "--no-backup", "--target", last)),
            (_, db) => Count(db, "SELECT count(*) FROM ledger_history"), Prepare: toBeforeLast);
        yield return new Contender("ledger last step, backups on", (_, t) => ("dotnet", Ledger(t, "--backup-dir", Path.Combine(root, "backups"), "--target", last)),
            (_, db) => Count(db, "SELECT count(*) FROM ledger_history"), Prepare: toBeforeLast);

        if (peers.Sqlite3 is not null)
        {
            string script = Path.Combine(root, "sqlite3-loop.sh");
            File.WriteAllText(script, $$"""
                set -e
                for f in "$1"/*.db; do
                  v=$({{peers.Sqlite3}} "$f" "SELECT count(*) FROM sqlite3_journal" 2>/dev/null || echo 0)
                  [ "$v" = "{{m}}" ] && continue
                  {{peers.Sqlite3}} "$f" < "{{Path.Combine(root, "all-steps.sql")}}"
                done
                """);
            yield return new Contender("sqlite3 loop (one transaction)", (_, t) => ("bash", [script, t]),
                (_, db) => Count(db, "SELECT count(*) FROM sqlite3_journal"));
        }

        if (peers.Dbmate is not null)
        {
            string script = Path.Combine(root, "dbmate-loop.sh");
            File.WriteAllText(script, $$"""
                set -e
                for f in "$1"/*.db; do
                  {{peers.Dbmate}} --url "sqlite:$f" --migrations-dir "{{Path.Combine(root, "dbmate")}}" --no-dump-schema up >/dev/null
                done
                """);
            yield return new Contender("dbmate loop", (_, t) => ("bash", [script, t]),
                (_, db) => Count(db, "SELECT count(*) FROM schema_migrations"));
        }

        if (peers.Sqitch is not null)
        {
            string script = Path.Combine(root, "sqitch-loop.sh");
            string registries = Path.Combine(root, "sqitch-registries");
            File.WriteAllText(script, $$"""
                set -e
                mkdir -p "{{registries}}"
                cd "{{Path.Combine(root, "sqitch")}}"
                for f in "$1"/*.db; do
                  {{peers.Sqitch}} deploy --registry "{{registries}}/$(basename "$f")" "db:sqlite:$f" >/dev/null
                done
                """);
            yield return new Contender("sqitch loop", (_, t) => ("bash", [script, t]),
                (_, db) => Count(Path.Combine(registries, Path.GetFileName(db)), "SELECT count(*) FROM changes"), peers.SqitchTenants);
        }
    }

    /// <summary>
    /// Writes every dirty page to disk before a timed command, so that no contender pays for the previous one's
    /// writes: each commit's fsync also waits for whatever the kernel has not written yet (the previous contender's
    /// files and the deletion and creation of the tenant folder).
    /// </summary>
    private static void Settle()
    {
        using var sync = Process.Start(new ProcessStartInfo("sync") { UseShellExecute = false });
        sync?.WaitForExit();
    }

    /// <summary>
    /// How long the disk stays slow after files are deleted. The file system here discards freed blocks at once
    /// (ext4 mounted with <c>discard</c>): after deleting 1 GB (10,000 migrated tenants), a 4 KiB write with fsync took
    /// 2.0–2.6 ms for about 15 s instead of 1.7 ms, and a 1,000-tenant run right after a 10,000-tenant one's files were
    /// deleted took up to twice as long. So no timed run follows a deletion: a round's used tenants are set aside
    /// (<see cref="Reset"/>) and deleted when the whole benchmark ends, followed by this quiet time.
    /// </summary>
    private static readonly TimeSpan QuietAfterDeleting = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Fresh empty tenants in <paramref name="directory"/>. The previous ones (and the backups and sqitch's registries)
    /// are moved aside into <c>root/used</c>, not deleted: see <see cref="QuietAfterDeleting"/>. A 10,000-tenant
    /// round keeps about 1 GB per contender there until the end.
    /// </summary>
    private static void Reset(string root, string directory, int tenants)
    {
        string used = Path.Combine(root, "used");
        foreach (string dir in new[] { directory, Path.Combine(root, "backups"), Path.Combine(root, "sqitch-registries") })
        {
            if (!Directory.Exists(dir)) continue;
            Directory.CreateDirectory(used);
            Directory.Move(dir, Path.Combine(used, Guid.NewGuid().ToString("N")));
        }

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
    private static void Verify(Contender contender, string root, string directory, string expected, int steps)
    {
        int checkedCount = 0;
        foreach (string file in Directory.EnumerateFiles(directory, "*.db"))
        {
            using (var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False"))
            {
                connection.Open();
                if (Schema(connection) != expected)
                {
                    throw new InvalidOperationException($"{contender.Name}: {Path.GetFileName(file)} has the wrong schema");
                }
            }

            if (contender.JournalRows(root, file) != steps)
            {
                throw new InvalidOperationException($"{contender.Name}: {Path.GetFileName(file)} does not record {steps} steps");
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

    /// <summary>The application's schema, leaving out each tool's own journal.</summary>
    private static string Schema(SqliteConnection connection)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master " +
                              "WHERE name NOT LIKE 'sqlite_%' AND tbl_name NOT IN ('ledger_history', 'floor_journal', 'schema_migrations', 'sqlite3_journal') " +
                              "ORDER BY type, name";
        var sb = new StringBuilder();
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read()) sb.AppendLine(reader.GetString(0));
        return sb.ToString();
    }

    /// <summary>
    /// A distribution-free confidence interval for the median of <paramref name="values"/>: the k-th smallest and k-th
    /// largest value, with the largest k for which the true median lies between them with at least 90% probability
    /// (binomial order statistics; 9 rounds give the 2nd–8th, 12 the 3rd–10th, 15 the 4th–12th). Below 5 values no k reaches
    /// 90%, and the interval is the smallest to the largest.
    /// </summary>
    internal static (double Low, double High) MedianInterval(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return (double.NaN, double.NaN);
        double[] sorted = values.Order().ToArray();
        int n = sorted.Length, k = 1;
        // P(fewer than k of n values fall below the median) = P(Binomial(n, ½) ≤ k − 1); both tails must stay ≤ 5%.
        double each = Math.Pow(0.5, n), below = each, choose = 1; // P(B = 0), then P(B ≤ j) as j grows
        for (int j = 1; j < n / 2; j++)
        {
            choose = choose * (n - j + 1) / j;
            if (below + choose * each > 0.05) break;
            below += choose * each;
            k = j + 1;
        }

        return (sorted[k - 1], sorted[n - k]);
    }

    internal static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    internal static string Table(IReadOnlyList<ContenderResult> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| contender | N | M | apply (ms) | no-op (ms) | apply ÷ floor | 90% interval | no-op ÷ floor | peak memory (MiB) | apply ÷ floor, each round |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (ContenderResult r in results)
        {
            string scaled = r.Measured < r.Tenants ? $" (measured on {r.Measured}, scaled)" : "";
            string rounds = string.Join(" / ", (r.ApplyRatios ?? []).Select(x => x.ToString("0.00", CultureInfo.InvariantCulture)));
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Name}{scaled} | {r.Tenants} | {r.Steps} | {r.ApplyMs:0} | {r.NoopMs:0} | {r.ApplyRatio:0.00} | {Interval(r.ApplyRatioLow, r.ApplyRatioHigh)} | {r.NoopRatio:0.00} | {r.PeakBytes / 1048576.0:0.0} | {rounds} |");
        }

        return sb.ToString();
    }

    internal static string GrowthTable(IReadOnlyList<GrowthResult> growth)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| contender | from N | to N | apply time × | 90% interval | no-op time × | apply time ×, each round |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---|");
        foreach (GrowthResult g in growth)
        {
            string rounds = string.Join(" / ", g.ApplyRatios.Select(x => x.ToString("0.0", CultureInfo.InvariantCulture)));
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {g.Name} | {g.From} | {g.To} | {g.ApplyRatio:0.0} | {Interval(g.ApplyRatioLow, g.ApplyRatioHigh)} | {g.NoopRatio:0.0} | {rounds} |");
        }

        return sb.ToString();
    }

    private static string Interval(double low, double high) =>
        double.IsNaN(low) ? "" : string.Create(CultureInfo.InvariantCulture, $"{low:0.00}–{high:0.00}");
}