using System.Diagnostics;

namespace Ledger.Reliability.Tests;

/// <summary>
/// Spec §3 point 10, for any verb that fans out over the user databases of a <see cref="SlowLedger"/>: the built tool is
/// killed with SIGKILL again and again, each time at a seeded random moment after its fan-out has begun (the observable
/// event: a user database written by this run). After <b>every</b> run, killed or not, every database is audited as the
/// run left it: each user database with <see cref="DatabaseAudit.CheckCopy"/> (journal and schema agree, no row lost), its
/// move since the audit before against the round's rule (<see cref="Round.MayMove"/>: a per-database transaction moves a
/// database all the way or not at all), the system database with <see cref="DatabaseAudit.CheckSystem"/> and never below
/// a user database, and <c>ledger verify</c> must read them all. Several verbs take turns (up and down, killed where the
/// other left off); at the end, one clean run must bring every database to its goal.
/// </summary>
public sealed class KillCampaign
{
    private readonly TempDirectory _dir;
    private readonly string _users;
    private readonly string _system;
    private readonly string _scratch;
    private Dictionary<string, int> _steps = [];
    private int _systemSteps;

    public KillCampaign(TempDirectory dir, SlowLedger ledger, string test)
    {
        _dir = dir;
        Ledger = ledger;
        Seed = Reliability.Seed(test);
        Random = new Random(Seed);
        dir.Write("ledger.json", Config.Users());
        dir.Write("MIGRATIONS.md", ledger.Text());
        _users = dir.Full(Path.Combine("data", "users"));
        _system = dir.Full(Path.Combine("data", "system.db"));
        _scratch = Path.Combine(dir.Parent, "scratch");
    }

    /// <summary>
    /// What one run does: the verb's arguments (<see cref="Verb"/> names it in the figures), the version it goes to (as
    /// user steps), whether it goes up (<c>apply</c>: it also creates the databases that do not exist yet) or down
    /// (<c>rollback</c>: a database already at or below the goal is left alone, a missing one skipped), and whether each
    /// database runs in one transaction (<c>--transaction per-database</c>).
    /// </summary>
    public sealed record Round(string Verb, string[] Args, int Goal, bool Up, bool Whole)
    {
        /// <summary>Where a run that is not interrupted takes a database at <paramref name="before"/> steps.</summary>
        public int Reach(int before) => Up ? Math.Max(before, Goal) : Math.Min(before, Goal);

        /// <summary>Whether a run, killed or not, may have moved a database from <paramref name="before"/> to <paramref name="after"/> steps.</summary>
        public bool MayMove(int before, int after) => Whole
            ? after == before || after == Reach(before)
            : Math.Min(before, Reach(before)) <= after && after <= Math.Max(before, Reach(before));

        public string Rule => Whole
            ? "with one transaction per database, a database ends a run at its old version or where the run takes it"
            : $"{Verb} moves a database {(Up ? "up" : "down")} only, never past its target";
    }

    public SlowLedger Ledger { get; }

    public int Seed { get; }

    /// <summary>The campaign's seeded random source (kill moments; callers draw their rollback targets from it too).</summary>
    public Random Random { get; }

    public int Killed => KillsByVerb.Values.Sum();

    /// <summary>SIGKILLs per <see cref="Round.Verb"/>.</summary>
    public SortedDictionary<string, int> KillsByVerb { get; } = new(StringComparer.Ordinal);

    /// <summary>Runs that finished before their kill (exit 0 asserted).</summary>
    public int Finished { get; private set; }

    /// <summary>Times every database reached the goal before enough kills (and <c>whenAllAtGoal</c> started over).</summary>
    public int Rounds { get; private set; }

    public int Audits { get; private set; }

    /// <summary>How long the final clean run took.</summary>
    public long CleanMs { get; private set; }

    /// <summary>User steps committed in all databases after each run.</summary>
    public List<int> Progress { get; } = [];

    /// <summary>The data folder, for a round that starts on fresh databases.</summary>
    public string Data => _dir.Full("data");

    /// <summary>The figures' common part: kills per verb, runs, rounds, databases, audits, steps committed after each run.</summary>
    public string Summary() =>
        $"seed {Seed}: {Killed} SIGKILLs survived ({string.Join(", ", KillsByVerb.Select(k => $"{k.Value} of {k.Key}"))}; " +
        $"{Finished} runs finished unkilled, {Rounds} extra rounds), {Ledger.Users} user databases x {Ledger.UserSteps} steps, " +
        $"{Audits} database audits, 0 rows lost; the clean run took {CleanMs} ms; " +
        $"steps committed after each run: {string.Join(' ', Progress.Take(30))}{(Progress.Count > 30 ? " …" : "")}";

    /// <summary>
    /// Kills runs until each verb was killed <paramref name="killsEach"/> times. The verbs take turns, one run each (a
    /// verb builds its <see cref="Round"/> just before its run, so it may draw a target); when a run leaves every database
    /// at its goal, <paramref name="whenAllAtGoal"/> (if any) sets up a new round. Then one clean run of the next verb.
    /// <paramref name="setUp"/>, if any, is an unkilled run before the first.
    /// </summary>
    public void Run(int killsEach, int maxDelayMs, IReadOnlyList<Func<Round>> verbs, Action? whenAllAtGoal = null, string[]? setUp = null)
    {
        if (setUp is not null)
        {
            ProcessResult ready = LedgerProcess.Run(_dir.Path, setUp);
            Assert.AreEqual(0, ready.ExitCode, $"seed {Seed}: setting up with ledger {string.Join(' ', setUp)}\n{ready}");
        }

        AuditAll(null, $"seed {Seed}, before the first run");
        int attempts = 0;
        while (KillsByVerb.Count < verbs.Count || KillsByVerb.Values.Any(k => k < killsEach))
        {
            Assert.IsLessThan(killsEach * verbs.Count * 4 + 20, ++attempts, $"seed {Seed}: too many runs finished before they could be killed");
            Round round = verbs[(attempts - 1) % verbs.Count]();
            KillsByVerb.TryAdd(round.Verb, 0);
            int delayMs = Random.Next(0, maxDelayMs);
            DateTime started = DateTime.UtcNow;
            HashSet<string> recovering = HotJournals();
            using Process run = LedgerProcess.Start(_dir.Path, round.Args);
            run.BeginOutputReadLine();
            run.BeginErrorReadLine();
            // Observable event: the fan-out is under way (a user database was written by this run; not one that a killed
            // run left with a hot journal, which rollback's read-only planning rolls back before the fan-out). Then the
            // provoked crash: SIGKILL at a random moment after it (not a wait for anything to settle).
            var clock = Stopwatch.StartNew();
            while (!run.HasExited && !FanOutStarted(started, recovering))
            {
                Assert.IsLessThan(120, clock.Elapsed.TotalSeconds, "the fan-out never started");
                Thread.Sleep(2);
            }

            string context = $"seed {Seed}, run {attempts}: ledger {string.Join(' ', round.Args)}";
            if (!run.WaitForExit(delayMs))
            {
                run.Kill(entireProcessTree: true);
                run.WaitForExit();
                KillsByVerb[round.Verb]++;
                context += $" killed after {delayMs} ms";
            }
            else
            {
                Assert.AreEqual(0, run.ExitCode, $"{context}: an unkilled run failed");
                Finished++;
            }

            bool done = AuditAll(round, context);
            Progress.Add(_steps.Values.Sum());
            ProcessResult verify = LedgerProcess.Run(_dir.Path, "verify");
            Assert.AreEqual(0, verify.ExitCode, $"{context}: verify after a crash must read every database\n{verify}");
            if (done && whenAllAtGoal is not null)
            {
                Rounds++;
                whenAllAtGoal();
                AuditAll(null, $"seed {Seed}, setting up a new round");
            }
        }

        Round last = verbs[attempts % verbs.Count]();
        var cleanClock = Stopwatch.StartNew();
        ProcessResult clean = LedgerProcess.Run(_dir.Path, last.Args);
        CleanMs = cleanClock.ElapsedMilliseconds;
        Assert.AreEqual(0, clean.ExitCode, $"seed {Seed}: the clean run of ledger {string.Join(' ', last.Args)}\n{clean}");
        Assert.IsTrue(AuditAll(last, $"seed {Seed}, the clean run of ledger {string.Join(' ', last.Args)}"),
            $"seed {Seed}: after the clean run, every database must be where ledger {string.Join(' ', last.Args)} takes it");
    }

    /// <summary>Audits every database; true when the run got all the way: every database (the system too) where it takes it.</summary>
    private bool AuditAll(Round? round, string context)
    {
        string[] files = Directory.Exists(_users) ? Directory.GetFiles(_users, "*.db") : [];
        var steps = new Dictionary<string, int>();
        foreach (string db in files)
        {
            string name = Path.GetFileName(db);
            (int after, string? problem) = DatabaseAudit.CheckCopy(db, Ledger, _scratch);
            Assert.IsNull(problem, $"{context}: {name}: {problem}");
            int before = _steps.GetValueOrDefault(name);
            Assert.IsTrue(round?.MayMove(before, after) ?? true,
                $"{context}: {name} moved from {SlowLedger.AtSteps(before)} to {SlowLedger.AtSteps(after)}, but {round?.Rule}");
            steps[name] = after;
            Audits++;
        }

        (int system, string? systemProblem) = DatabaseAudit.CheckCopy(_system, Ledger, _scratch, DatabaseAudit.CheckSystem);
        Assert.IsNull(systemProblem, $"{context}: {systemProblem}");
        int highest = steps.Count == 0 ? 0 : steps.Values.Max();
        Assert.IsGreaterThanOrEqualTo(highest, system,
            $"{context}: the system database is at {SlowLedger.AtSteps(system)}, below a user database at {SlowLedger.AtSteps(highest)}");
        bool done = round is not null && (files.Length == Ledger.Users || !round.Up) && system == round.Reach(_systemSteps)
                    && steps.All(s => s.Value == round.Reach(_steps.GetValueOrDefault(s.Key)));
        _steps = steps;
        _systemSteps = system;
        return done;
    }

    private bool FanOutStarted(DateTime since, HashSet<string> recovering) =>
        Directory.Exists(_users) && Directory.EnumerateFiles(_users, "*.db").Any(f => !recovering.Contains(f) && File.GetLastWriteTimeUtc(f) >= since);

    /// <summary>User databases with a rollback journal beside them (between runs: hot, left by a kill).</summary>
    private HashSet<string> HotJournals() =>
        Directory.Exists(_users) ? Directory.EnumerateFiles(_users, "*.db-journal").Select(f => f[..^"-journal".Length]).ToHashSet() : [];
}
