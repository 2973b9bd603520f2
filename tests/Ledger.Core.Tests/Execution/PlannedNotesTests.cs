using Ledger.Execution;
using Ledger.Inspection;
using Ledger.Model;
using Ledger.Planning;
using Ledger.Scoping;
using Ledger.Targets;
using Ledger.Versions;

namespace Ledger.Tests.Execution;

/// <summary>
/// The results of a run and of an inspection carry what the CLI prints after them: their target as the
/// <see cref="SemVersion"/> they aimed at, and the lines about planned steps past it (<see cref="PlannedSteps.Notes"/>),
/// made in Core from the versions the databases are at, so the CLI (and a library user) only prints them. On the
/// recording engine: no SQLite.
/// </summary>
[TestClass]
public sealed class PlannedNotesTests
{
    // 1.1.0 is the default target; 1.2.0 and 1.3.0 are planned (their blocks hold only comments).
    private static readonly string Ledger = string.Concat(
        Fenced("baseline", "1.0.0", "CREATE TABLE a (id INTEGER);"),
        Fenced("1.0.0", "1.1.0", "CREATE TABLE b (id INTEGER);"),
        Fenced("1.1.0", "1.0.0", "DROP TABLE b;"),
        Fenced("1.1.0", "1.2.0", "-- CREATE TABLE c (id INTEGER);"),
        Fenced("1.2.0", "1.3.0", "-- CREATE TABLE d (id INTEGER);"));

    private static string Fenced(string from, string to, string sql) => "```sql\n" + LedgerText.Block("system", from, to, sql) + "```\n\n";

    private static readonly ApplyOptions Options = new() { Backup = false };

    private static (RecordingEngine Engine, ScopeTargets Targets, MigrationSet Set) Setup()
    {
        var engine = new RecordingEngine();
        var layout = new ScopeLayout([new ScopeDefinition("system") { Engine = engine.Name }]);
        return (engine, new ScopeTargets(layout, new EngineRegistry(engine)), RecordingEngineTests.SetOf(Ledger));
    }

    private const string BothWaiting = "1.2.0, 1.3.0 are planned (their blocks hold no SQL yet): write their SQL, then apply";
    private const string LastWaiting = "1.3.0 is planned (its blocks hold no SQL yet): write its SQL, then apply";
    private const string FirstRecorded = "1.2.0 was planned when passed and is recorded as empty: SQL written into its blocks now would be drift; add a new step for it instead";

    [TestMethod]
    public async Task ApplyAndStatusCarryTheTargetAndTheNotesOfThePlannedStepsPastIt()
    {
        (RecordingEngine engine, ScopeTargets targets, MigrationSet set) = Setup();

        RunResult first = await new MigrationRunner(targets).ApplyAsync(set, Options);
        InspectionResult status = await new LedgerInspector(targets).InspectAsync(set, null, integrity: null);

        Assert.AreEqual(0, first.ExitCode);
        Assert.AreEqual(SemVersion.Parse("1.1.0"), first.Target);
        CollectionAssert.AreEqual(new[] { BothWaiting }, first.PlannedNotes.ToArray());
        Assert.AreEqual(SemVersion.Parse("1.1.0"), status.Target);
        CollectionAssert.AreEqual(new[] { BothWaiting }, status.PlannedNotes.ToArray());

        // 1.2.0 passed on purpose: recorded as empty. A plain run and status then say so, and that 1.3.0 still waits.
        RunResult passed = await new MigrationRunner(targets).ApplyAsync(set, Options with { Target = SemVersion.Parse("1.2.0"), IncludePlanned = true });
        RunResult again = await new MigrationRunner(targets).ApplyAsync(set, Options);
        InspectionResult after = await new LedgerInspector(targets).InspectAsync(set, null, integrity: null);

        Assert.AreEqual(0, passed.ExitCode);
        Assert.AreEqual(SemVersion.Parse("1.2.0"), passed.Target);
        CollectionAssert.AreEqual(new[] { LastWaiting }, passed.PlannedNotes.ToArray());
        Assert.AreEqual(DatabaseOutcome.Current, again.System!.Outcome);
        CollectionAssert.AreEqual(new[] { LastWaiting, FirstRecorded }, again.PlannedNotes.ToArray());
        CollectionAssert.AreEqual(new[] { LastWaiting, FirstRecorded }, after.PlannedNotes.ToArray());
        Assert.IsTrue(engine.Database("memory:system").Exists);
    }

    [TestMethod]
    public async Task ARunRefusedForAPlannedStepKeepsItsTargetAndHasNoNotes()
    {
        (_, ScopeTargets targets, MigrationSet set) = Setup();

        RunResult refused = await new MigrationRunner(targets).ApplyAsync(set, Options with { Target = SemVersion.Parse("1.3.0") });

        Assert.IsNotNull(refused.PlannedRefusal);
        Assert.AreEqual(2, refused.ExitCode);
        Assert.AreEqual(SemVersion.Parse("1.3.0"), refused.Target);
        Assert.IsEmpty(refused.PlannedNotes);
    }

    [TestMethod]
    public async Task GoingDownThereAreNoPlannedNotes()
    {
        (_, ScopeTargets targets, MigrationSet set) = Setup();
        await new MigrationRunner(targets).ApplyAsync(set, Options);

        InspectionResult preview = await new LedgerInspector(targets).InspectRollbackAsync(set, SemVersion.Parse("1.0.0"));
        RunResult back = await new MigrationRunner(targets).RollbackAsync(set, SemVersion.Parse("1.0.0"), Options);

        Assert.AreEqual(SemVersion.Parse("1.0.0"), preview.Target);
        Assert.IsEmpty(preview.PlannedNotes, "planned steps past a rollback's version are not its business");
        Assert.AreEqual(0, back.ExitCode, back.System?.Describe());
        Assert.AreEqual(PlanDirection.Down, back.Direction);
        Assert.AreEqual(SemVersion.Parse("1.0.0"), back.Target);
        Assert.AreEqual(DatabaseOutcome.RolledBack, back.System!.Outcome);
        Assert.IsEmpty(back.PlannedNotes);
    }
}
