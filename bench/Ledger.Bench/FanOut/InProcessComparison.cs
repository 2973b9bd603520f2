using System.Diagnostics;
using System.Globalization;
using Ledger.Execution;
using Ledger.Linting;
using Ledger.Model;
using Ledger.Sqlite.Engine;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ledger.Bench.FanOut;

/// <summary>
/// Ledger's own cost per database, without process start-up and, on tmpfs, without the disk: in one process, N empty
/// tenant files go in turn to the floor, the floor with the required checks and Ledger's <see cref="DatabaseMigrator"/>
/// (what <c>apply --no-backup --parallel 1</c> runs for each database), one database after another, so that whatever
/// the machine does meanwhile touches all three alike. Whole-process runs on this machine's disk vary by a third from
/// one minute to the next; this measures differences of a few percent. Prints each one's median and trimmed mean
/// (middle 80%) per database after a warm-up, and what each allocates per database.
/// </summary>
internal static class InProcessComparison
{
    private static readonly string[] Names = ["floor", "floor + required checks", "ledger (DatabaseMigrator)"];

    public static int Run(string directory, int tenants, int steps, int warmup)
    {
        // As the ledger process does before its first connection (see SqliteProcess).
        SqliteProcess.DisableMemoryStatistics();
        SqliteProcess.KeepFreedHeapMemory();
        string root = Path.Combine(directory, "ledger-inprocess-" + Guid.NewGuid().ToString("N"));
        try
        {
            FanOutBenchmark.WriteScenario(root, tenants, steps);
            var scenario = new FanOutScenario(steps);
            LoadedLedger loaded = LedgerLoader.Load(scenario.Ledger(), "MIGRATIONS.md");
            MigrationSet set = loaded.Set ?? throw new InvalidOperationException("the scenario's ledger does not load");
            var migrator = new DatabaseMigrator(new SqliteEngine(), NullLogger.Instance, TimeProvider.System);
            var options = new ApplyOptions { Backup = false };
            string[] files = Directory.GetFiles(Path.Combine(root, "tenants"), "*.db").Order(StringComparer.Ordinal).ToArray();
            var times = new List<double>[] { [], [], [] };
            var allocated = new long[3];

            for (int i = 0; i < files.Length; i++)
            {
                int who = i % 3;
                long bytes = GC.GetAllocatedBytesForCurrentThread();
                long started = Stopwatch.GetTimestamp();
                bool migrated = who switch
                {
                    0 => FloorLoop.Migrate(files[i], scenario, checks: false),
                    1 => FloorLoop.Migrate(files[i], scenario, checks: true),
                    _ => migrator.MigrateAsync(new DatabaseTarget(Scopes.User, Path.GetFileNameWithoutExtension(files[i]), files[i]), set, set.Latest,
                        options, create: false, CancellationToken.None).GetAwaiter().GetResult() is { Outcome: DatabaseOutcome.Migrated },
                };
                double ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (!migrated) throw new InvalidOperationException($"{Names[who]} did not migrate {files[i]}");
                if (i < warmup) continue;
                times[who].Add(ms);
                allocated[who] += GC.GetAllocatedBytesForCurrentThread() - bytes;
            }

            Console.WriteLine($"{tenants} tenants x {steps} steps in {root}, in turn, first {warmup} not counted:");
            Console.WriteLine("| per database | median (ms) | trimmed mean (ms) | ÷ floor | allocated (KiB) |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            double floor = FanOutBenchmark.Median(times[0]);
            for (int k = 0; k < 3; k++)
            {
                double median = FanOutBenchmark.Median(times[k]);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {Names[k]} | {median:F3} | {Trimmed(times[k]):F3} | {median / floor:F2} | {allocated[k] / 1024.0 / times[k].Count:F1} |"));
            }

            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static double Trimmed(List<double> values)
    {
        var sorted = values.Order().ToList();
        int cut = sorted.Count / 10;
        return sorted.Skip(cut).Take(sorted.Count - 2 * cut).Average();
    }
}
