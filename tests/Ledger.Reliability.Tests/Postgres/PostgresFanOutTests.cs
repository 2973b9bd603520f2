using System.Diagnostics;

namespace Ledger.Reliability.Tests.Postgres;

/// <summary>
/// The fan-out on PostgreSQL, schema per tenant, through the built tool: several <c>apply</c> processes at once on the
/// same tenant schemas, and <c>apply</c> killed with SIGKILL in the middle of the fan-out again and again. After each
/// run every tenant schema is audited (<see cref="TenantLedger.Audit"/>): its journal a prefix of the line, each edge
/// once, and its tables exactly what those steps made.
/// </summary>
[TestClass]
public sealed class PostgresFanOutTests
{
    private const int Runners = 4;

    [TestMethod]
    public void RunnersRacingOnTheSameTenantSchemasApplyEveryStepExactlyOnce()
    {
        int rounds = Reliability.Count(ci: 1, @long: 10);
        var ledger = new TenantLedger(tenants: Reliability.IsLong ? 100 : 30, steps: 6, rows: 2000);
        int schemas = 0;
        for (int round = 0; round < rounds; round++)
        {
            string db = PgServer.NewDatabase("race");
            using var dir = new TempDirectory();
            dir.Write("ledger.json", TenantLedger.Config(db));
            dir.Write("MIGRATIONS.md", ledger.Text());

            var runners = Enumerable.Range(0, Runners).Select(_ => LedgerProcess.Start(dir.Path, "apply", "--parallel", "2")).ToList();
            var results = runners.Select(r => LedgerProcess.Finish(r, ["apply"], TimeSpan.FromMinutes(10))).ToList();
            foreach (Process r in runners) r.Dispose();
            for (int i = 0; i < Runners; i++) Assert.AreEqual(0, results[i].ExitCode, $"round {round}, runner {i}: {results[i]}");

            foreach ((string schema, (int steps, string? problem)) in ledger.Audit(db))
            {
                Assert.IsNull(problem, $"round {round}: {schema}");
                Assert.AreEqual(ledger.Steps, steps, $"round {round}: {schema} is not at the top");
                schemas++;
            }

            CollectionAssert.AreEquivalent(
                Enumerable.Range(0, ledger.Steps).Select(k => $"{SlowLedger.AtSteps(k)}->{SlowLedger.Version(k)} {(k == 0 ? "applied" : "empty")}").ToList(),
                TenantLedger.SystemJournal(db), $"round {round}: the system journal, each edge once");
        }

        Reliability.Figure("postgres/concurrency", $"{rounds} round(s) of {Runners} apply processes at once on {ledger.Tenants} tenant schemas x {ledger.Steps} steps: " +
            $"all exited 0; {schemas} schemas, each with every step applied exactly once (journal and marker tables)");
    }

    [TestMethod]
    public void KilledInTheMiddleOfTheFanOutEverySchemaMatchesItsJournalAndASecondApplyFinishes()
    {
        int kills = Reliability.Count(ci: 4, @long: 60);
        int seed = Reliability.Seed(nameof(KilledInTheMiddleOfTheFanOutEverySchemaMatchesItsJournalAndASecondApplyFinishes));
        var random = new Random(seed);
        var ledger = new TenantLedger(tenants: Reliability.IsLong ? 100 : 40, steps: 5, rows: 3000);
        using var dir = new TempDirectory();
        dir.Write("MIGRATIONS.md", ledger.Text());
        string db = NewRound(dir, "kill");
        int killed = 0, finished = 0, fresh = 1, audits = 0, partial = 0;
        var clock = Stopwatch.StartNew();
        while (killed < kills)
        {
            Assert.IsLessThan(kills * 4, killed + finished, $"seed {seed}: the runs kept finishing before their kill");
            long before = TenantLedger.JournalRows(db);
            using Process run = LedgerProcess.Start(dir.Path, "apply", "--parallel", "2");
            run.BeginOutputReadLine();
            run.BeginErrorReadLine();
            // Observable event: the fan-out has begun (a tenant's journal gained a row in this run); then a random moment.
            var wait = Stopwatch.StartNew();
            while (!run.HasExited && TenantLedger.JournalRows(db) == before)
            {
                Assert.IsLessThan(120, wait.Elapsed.TotalSeconds, $"seed {seed}: the fan-out never began");
                Thread.Sleep(1);
            }

            if (run.WaitForExit(random.Next(0, 1500)))
            {
                Assert.AreEqual(0, run.ExitCode, $"seed {seed}: an apply that was not killed failed");
                finished++;
            }
            else
            {
                run.Kill(entireProcessTree: true);
                run.WaitForExit();
                killed++;
            }

            PgServer.WaitForNoOtherSession(db);
            Dictionary<string, (int Steps, string? Problem)> audit = ledger.Audit(db);
            audits++;
            foreach ((string schema, (int steps, string? problem)) in audit)
            {
                Assert.IsNull(problem, $"seed {seed}, after {killed} kill(s): {schema} at {steps} step(s)");
            }

            if (audit.Values.Any(a => a.Steps > 0 && a.Steps < ledger.Steps)) partial++;
            if (audit.Values.All(a => a.Steps == ledger.Steps))
            {
                db = NewRound(dir, "kill"); // everything got through: start again on a new database to kill it again
                fresh++;
            }
        }

        ProcessResult clean = LedgerProcess.Run(dir.Path, "apply", "--parallel", "2");
        Assert.AreEqual(0, clean.ExitCode, $"seed {seed}: the apply after the kills: {clean}");
        foreach ((string schema, (int steps, string? problem)) in ledger.Audit(db))
        {
            Assert.IsNull(problem, $"seed {seed}, after the clean run: {schema}");
            Assert.AreEqual(ledger.Steps, steps, $"seed {seed}: {schema} is not at the top after the clean run");
        }

        Assert.IsGreaterThan(0, partial, $"seed {seed}: no kill landed in the middle of the fan-out (some schemas moved, not all)");
        Reliability.Figure("postgres/crash fan-out", $"seed {seed}: {killed} SIGKILLs of apply --parallel 2 over {ledger.Tenants} tenant schemas x {ledger.Steps} steps " +
            $"({finished} runs finished first, {fresh} database(s)), {audits} audits of every schema: journal a prefix of the line matching its tables; " +
            $"{partial} audits found the fan-out half done; the clean apply brought every schema to the top; {clock.Elapsed.TotalSeconds:0} s");
    }

    private static string NewRound(TempDirectory dir, string prefix)
    {
        string db = PgServer.NewDatabase(prefix);
        dir.Write("ledger.json", TenantLedger.Config(db));
        return db;
    }
}
