using Ledger.Execution;
using Ledger.Inspection;
using Ledger.Journal;
using Ledger.Linting;
using Ledger.Model;
using Ledger.Planning;
using Ledger.Scoping;
using Ledger.Targets;
using Ledger.Versions;

namespace Ledger.Tests.Execution;

/// <summary>
/// Core's use of <see cref="IJournalBatchReader"/>, on the recording engine: a fan-out over a set reads its members'
/// journals in batches, settles the members already at the target without opening them, and opens only the others
/// (whose journal is then read again inside each step, as always). The same for status/plan/verify.
/// </summary>
[TestClass]
public sealed class JournalBatchTests
{
    private static readonly string Ledger = string.Concat(
        Fenced("baseline", "1.0.0", "CREATE TABLE a (id INTEGER);"),
        Fenced("1.0.0", "1.1.0", "CREATE TABLE b (id INTEGER);"));

    private static string Fenced(string from, string to, string sql) => LedgerText.FencedBlock("user", from, to, sql) + "\n";

    private static MigrationSet Set(string text)
    {
        LoadedLedger loaded = LedgerText.Load(text);
        return loaded.Set ?? throw new AssertFailedException(LedgerText.Describe(loaded.Diagnostics));
    }

    private static readonly ApplyOptions Options = new() { Parallelism = 1, Backup = false };

    private static (BatchEngine Engine, ScopeTargets Targets) Tenants(int count)
    {
        var engine = new BatchEngine(new RecordingEngine(), Enumerable.Range(0, count).Select(i => $"t{i:D4}").ToArray());
        var layout = new ScopeLayout([new ScopeDefinition("user") { Engine = engine.Name, Glob = "memory:*" }]);
        return (engine, new ScopeTargets(layout, new EngineRegistry(engine)));
    }

    /// <summary><paramref name="count"/> members created and applied to <paramref name="version"/> (null: the ledger's last), the counts then reset.</summary>
    private static async Task<(BatchEngine Engine, ScopeTargets Targets, MigrationSet Set)> AppliedAsync(int count, string? version = null)
    {
        (BatchEngine engine, ScopeTargets targets) = Tenants(count);
        MigrationSet set = Set(Ledger);
        await new MigrationRunner(targets).ApplyAsync(set, Options with { CreateMissing = true, Target = version is null ? null : SemVersion.Parse(version) });
        engine.Opens = 0;
        engine.Opened.Clear();
        return (engine, targets, set);
    }

    [TestMethod]
    public async Task ANoOpOverASetOpensNoMemberAndReadsTheJournalsInBatches()
    {
        (BatchEngine engine, ScopeTargets targets) = Tenants(1_200);
        MigrationSet set = Set(Ledger);
        RunResult first = await new MigrationRunner(targets).ApplyAsync(set, Options with { CreateMissing = true });
        Assert.AreEqual(1_200, first.Scopes[0].Count(DatabaseOutcome.Migrated));
        Assert.AreEqual(1_200, engine.Opens, "new members are opened and migrated as usual");

        engine.Opens = 0;
        engine.BatchReads = 0;
        RunResult second = await new MigrationRunner(targets).ApplyAsync(set, Options);

        Assert.AreEqual(1_200, second.Scopes[0].Count(DatabaseOutcome.Current));
        Assert.AreEqual(0, engine.Opens, "a member its snapshot shows current is settled without a connection");
        Assert.AreEqual(3, engine.BatchReads, $"{JournalBatches.Size} members per batch");
        Assert.IsTrue(second.Scopes[0].Databases.All(r => r.To?.Normalized == "1.1.0"));
    }

    [TestMethod]
    public async Task OnlyMembersWithStepsToRunOrThatTheReaderCannotTellAboutAreOpened()
    {
        (BatchEngine engine, ScopeTargets targets, MigrationSet set) = await AppliedAsync(6, "1.0.0");
        engine.Unknown = ["t0005"];
        // t0003's journal was edited: drift, settled from the snapshot.
        RecordingDatabase drifted = engine.Inner.Database("memory:t0003");
        drifted.Rows[0] = drifted.Rows[0] with { Checksum = "0000" };
        engine.Members = ["t0003", "t0004", "t0005", "t0006"];
        RunResult run = await new MigrationRunner(targets).ApplyAsync(set, Options);

        DatabaseResult Of(string name) => run.Scopes[0].Databases.Single(r => r.Target.Name == name);
        Assert.AreEqual(DatabaseOutcome.Drift, Of("t0003").Outcome);
        Assert.AreEqual(DatabaseOutcome.Migrated, Of("t0004").Outcome);
        Assert.AreEqual(DatabaseOutcome.Migrated, Of("t0005").Outcome);
        Assert.AreEqual(DatabaseOutcome.Skipped, Of("t0006").Outcome, "never created: not there, and no --create-missing");
        StringAssert.Contains(Of("t0006").Message, "does not exist");
        CollectionAssert.AreEquivalent(new[] { "memory:t0004", "memory:t0005" }, engine.Opened.ToArray(),
            "only the members with steps to run, and the one the reader could not tell about");
    }

    [TestMethod]
    public async Task AMemberWithABlockUnderWayIsOpenedNotSettledFromItsSnapshot()
    {
        (BatchEngine engine, ScopeTargets targets, MigrationSet set) = await AppliedAsync(2);
        // t0001's last edge is recorded as started: another run's block under way, or one that was interrupted.
        RecordingDatabase db = engine.Inner.Database("memory:t0001");
        db.Rows[^1] = db.Rows[^1] with { Kind = JournalKinds.Started };

        RunResult run = await new MigrationRunner(targets).ApplyAsync(set, Options);

        CollectionAssert.AreEqual(new[] { "memory:t0001" }, engine.Opened.ToArray(), "opened, where a run under way is waited for before deciding");
        Assert.AreEqual(DatabaseOutcome.Failed, run.Scopes[0].Databases.Single(r => r.Target.Name == "t0001").Outcome);
    }

    [TestMethod]
    public async Task StatusPlansEveryMemberFromItsSnapshotWithoutOpeningIt()
    {
        (BatchEngine engine, ScopeTargets targets, MigrationSet set) = await AppliedAsync(600, "1.0.0");
        engine.Members = [.. engine.Members, "t9999"];

        InspectionResult status = await new LedgerInspector(targets).InspectAsync(set, null, integrity: null);

        Assert.AreEqual(0, engine.Opens);
        ScopeInspection scope = status.Scopes[0];
        Assert.AreEqual(601, scope.Databases.Count);
        Assert.IsTrue(scope.Databases.Take(600).All(i => i.Exists && i.Plan!.Status == PlanStatus.Pending && i.Plan.Pending.Count == 1 && i.JournalTableExists));
        DatabaseInspection missing = scope.Databases[600];
        Assert.IsFalse(missing.Exists);
        Assert.AreEqual(2, missing.Plan!.Pending.Count);

        // verify's integrity check needs a connection: the members are opened then.
        await new LedgerInspector(targets).InspectAsync(set, null, integrity: false);
        Assert.AreEqual(600, engine.Opens);
    }

    /// <summary>The recording engine with a batch reader and members found by a pattern (the names it is given).</summary>
    private sealed class BatchEngine(RecordingEngine inner, string[] members) : IDatabaseEngine, IJournalBatchReader, ITargetResolver, IMemberResolver
    {
        private readonly object _gate = new();

        public RecordingEngine Inner => inner;

        public string[] Members { get; set; } = members;

        /// <summary>Members whose snapshot the reader cannot tell.</summary>
        public string[] Unknown { get; set; } = [];

        public int Opens { get; set; }

        public List<string> Opened { get; } = [];

        public int BatchReads { get; set; }

        public string Name => "recording";

        public IJournalDialect Dialect => inner.Dialect;

        public ITargetResolver Targets => this;

        public T? TryGet<T>() where T : class => this as T ?? inner as T;

        public Task<bool> ExistsAsync(DatabaseTarget target, CancellationToken cancellationToken) => inner.ExistsAsync(target, cancellationToken);

        public Task<IMigrationConnection> OpenAsync(DatabaseTarget target, bool create, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                Opens++;
                Opened.Add(target.Location);
            }

            return inner.OpenAsync(target, create, cancellationToken);
        }

        public Task<IMigrationConnection> OpenReadOnlyAsync(DatabaseTarget target, CancellationToken cancellationToken) => OpenAsync(target, false, cancellationToken);

        public Task<IReadOnlyList<JournalSnapshot?>> ReadManyAsync(IReadOnlyList<DatabaseTarget> targets, CancellationToken cancellationToken)
        {
            BatchReads++;
            Assert.IsLessThanOrEqualTo(JournalBatches.Size, targets.Count);
            return Task.FromResult<IReadOnlyList<JournalSnapshot?>>(targets.Select(t =>
            {
                if (Unknown.Contains(t.Name)) return null;
                RecordingDatabase db = inner.Database(t.Location);
                return new JournalSnapshot(db.Exists, db.HasJournal ? new JournalState(db.Rows) : JournalState.Empty);
            }).ToArray());
        }

        public ScopeDefinition Anchored(ScopeDefinition scope, string directory) => scope;

        public IReadOnlyList<LocationProblem> Problems(ScopeDefinition scope) => [];

        public BackupClash? BackupClash(ScopeDefinition set, string? backupDirectory) => null;

        public DatabaseTarget One(ScopeDefinition scope) => inner.Targets.One(scope);

        IMemberResolver ITargetResolver.Members(ScopeDefinition set, string? backupDirectory) => this;

        public IReadOnlyList<string> Placeholders => [];

        public IReadOnlyList<string> Discover(CancellationToken cancellationToken) => Members;

        public UserDatabase Resolve(string key, IReadOnlyDictionary<string, string>? placeholders) =>
            new(key, new DatabaseTarget("user", key, "memory:" + key), null);
    }
}
