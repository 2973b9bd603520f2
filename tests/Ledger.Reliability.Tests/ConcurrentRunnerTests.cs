using System.Diagnostics;
using System.Text.Json;

namespace Ledger.Reliability.Tests;

/// <summary>
/// Spec §3 point 9: four <c>apply</c> processes started together on the same databases (deploy replicas starting at
/// once) all succeed and apply every step exactly once, while readers — <c>status --format json</c>, <c>verify</c> and
/// plain SQL read transactions — only ever see committed states: a journal that matches the schema. Meanwhile the
/// application writes to the system database (<see cref="ApplicationWriter"/>, a 2 s busy timeout) and never fails.
/// </summary>
[TestClass]
public sealed class ConcurrentRunnerTests
{
    private const int Runners = 4;

    [TestMethod]
    public void FourRunnersAtOnceApplyEveryStepExactlyOnceAndReadersNeverSeeAHalfAppliedStep()
    {
        int rounds = Reliability.Count(ci: 1, @long: 10);
        int seed = Reliability.Seed(nameof(FourRunnersAtOnceApplyEveryStepExactlyOnceAndReadersNeverSeeAHalfAppliedStep));
        var random = new Random(seed);
        var ledger = new SlowLedger(users: Reliability.IsLong ? 100 : 40) { SystemExtra = ApplicationWriter.Table };
        int statusReads = 0, verifyReads = 0, sqlReads = 0, databasesChecked = 0, appWrites = 0;
        var readerProblems = new List<string>();

        for (int round = 0; round < rounds; round++)
        {
            using var dir = new TempDirectory();
            dir.Write("ledger.json", Config.Users());
            dir.Write("MIGRATIONS.md", ledger.Text());
            string users = dir.Full("data/users");

            var runners = Enumerable.Range(0, Runners).Select(_ => LedgerProcess.Start(dir.Path, "apply", "--parallel", "2")).ToList();
            var app = new ApplicationWriter(dir.Full("data/system.db"), users);
            using var done = new CancellationTokenSource();
            Task cliReader = Task.Run(() =>
            {
                for (int i = 0; !done.IsCancellationRequested; i++)
                {
                    if (i % 2 == 0)
                    {
                        ProcessResult status = LedgerProcess.Run(dir.Path, "status", "--format", "json");
                        Interlocked.Increment(ref statusReads);
                        if (StatusProblem(status, ledger) is string p) lock (readerProblems) readerProblems.Add($"status: {p}");
                    }
                    else
                    {
                        ProcessResult verify = LedgerProcess.Run(dir.Path, "verify");
                        Interlocked.Increment(ref verifyReads);
                        if (verify.ExitCode != 0 && !IsBusy(verify.Out)) lock (readerProblems) readerProblems.Add($"verify: {verify}");
                    }
                }
            });
            Task sqlReader = Task.Run(() =>
            {
                var pick = new Random(random.Next());
                while (!done.IsCancellationRequested)
                {
                    string db = Path.Combine(users, SlowLedger.UserName(pick.Next(1, ledger.Users + 1)) + ".db");
                    (int _, string? problem) = DatabaseAudit.Check(db, ledger, readOnly: true, quickCheck: false);
                    Interlocked.Increment(ref sqlReads);
                    if (problem is not null) lock (readerProblems) readerProblems.Add($"{Path.GetFileName(db)}: {problem}");
                }
            });

            var results = runners.Select(r => LedgerProcess.Finish(r, ["apply"], TimeSpan.FromMinutes(10))).ToList();
            done.Cancel();
            Task.WaitAll(cliReader, sqlReader);
            app.Stop();
            foreach (Process r in runners) r.Dispose();

            for (int i = 0; i < Runners; i++)
            {
                Assert.AreEqual(0, results[i].ExitCode, $"seed {seed}, round {round}, runner {i}: {results[i]}");
            }

            Assert.IsEmpty(readerProblems, $"seed {seed}, round {round}: readers saw:\n{string.Join("\n", readerProblems.Take(10))}");
            Assert.IsEmpty(app.Failures, $"seed {seed}, round {round}: the application's writes to the system database: {app}");
            Assert.IsGreaterThan(0, app.Writes, $"round {round}: the application wrote during the races");
            appWrites += app.Writes;
            string[] files = Directory.GetFiles(users, "*.db");
            Assert.HasCount(ledger.Users, files);
            foreach (string db in files)
            {
                Assert.AreEqual((ledger.UserSteps, (string?)null), DatabaseAudit.Check(db, ledger), $"round {round}: {db}");
                databasesChecked++;
            }

            Assert.AreEqual(ledger.UserSteps.ToString(System.Globalization.CultureInfo.InvariantCulture),
                TestDb.Scalar(dir.Full("data/system.db"), "SELECT count(*) FROM ledger_history"), "the system journal: one row per edge");
        }

        Reliability.Figure("concurrency", $"seed {seed}: {rounds} round(s) of {Runners} apply processes at once on {ledger.Users} user databases x {ledger.UserSteps} steps: " +
            $"all exited 0, {databasesChecked} databases each with every step applied exactly once; readers during the races: {statusReads} status, " +
            $"{verifyReads} verify, {sqlReads} SQL read transactions, 0 saw a half-applied step; the application wrote {appWrites} rows to the " +
            "system database (2 s busy timeout), 0 failed");
    }

    /// <summary>What a status reader may see: any committed state — versions on the line, pending or current, no drift, nothing unreadable.</summary>
    private static string? StatusProblem(ProcessResult status, SlowLedger ledger)
    {
        if (status.ExitCode != 0) return status.ToString();
        using JsonDocument json = JsonDocument.Parse(status.Out);
        foreach (JsonElement db in json.RootElement.GetProperty("databases").EnumerateArray())
        {
            string name = db.GetProperty("name").GetString()!;
            if (db.TryGetProperty("problem", out JsonElement problem) && !IsBusy(problem.GetString()!)) return $"{name}: {problem}";
            if (db.TryGetProperty("drift", out _)) return $"{name}: drift {db}";
            string s = db.GetProperty("status").GetString()!;
            if (s is not ("pending" or "current")) return $"{name}: status {s}";
            string version = db.GetProperty("version").GetString()!;
            if (version != "baseline" && !Enumerable.Range(0, ledger.UserSteps).Select(SlowLedger.Version).Contains(version)) return $"{name}: version {version}";
        }

        return null;
    }

    /// <summary>Waiting for a writer is the one failure a reader may legitimately meet (beyond the busy timeout).</summary>
    private static bool IsBusy(string message) => message.Contains("database is locked", StringComparison.Ordinal) || message.Contains("busy", StringComparison.OrdinalIgnoreCase);
}
