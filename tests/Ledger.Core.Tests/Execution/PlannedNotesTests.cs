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

    private static string Fenced(string from, string to, string sql) => LedgerText.FencedBlock("system", from, to, sql) + "\n";

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

    private const string Listing = "planned (not applied by default): 1.1.0→1.2.0, 1.2.0→1.3.0";

    /// <summary>
    /// <c>plan</c> is refused for the target apply would be refused for, with apply's words, and prints the ledger's
    /// planned steps: both come with the inspection, decided in Core, so the command only prints them.
    /// </summary>
    [TestMethod]
    public async Task AnInspectionCarriesApplysRefusalAndTheListOfPlannedSteps()
    {
        (_, ScopeTargets targets, MigrationSet set) = Setup();
        var inspector = new LedgerInspector(targets);
        SemVersion past = SemVersion.Parse("1.3.0");

        InspectionResult plain = await inspector.InspectAsync(set, null, integrity: null);
        InspectionResult tooFar = await inspector.InspectAsync(set, past, integrity: null);
        InspectionResult included = await inspector.InspectAsync(set, past, integrity: null, includePlanned: true);
        RunResult refused = await new MigrationRunner(targets).ApplyAsync(set, Options with { Target = past });

        Assert.IsNull(plain.PlannedRefusal, "up to the default target no planned step is passed");
        Assert.AreEqual(Listing, plain.PlannedListing);
        Assert.IsNotNull(refused.PlannedRefusal);
        Assert.AreEqual(refused.PlannedRefusal, tooFar.PlannedRefusal, "plan says what apply says");
        StringAssert.StartsWith(tooFar.PlannedRefusal, "1.3.0 is past the planned steps 1.1.0→1.2.0, 1.2.0→1.3.0 (blocks holding only comments)");
        Assert.AreEqual(Listing, tooFar.PlannedListing);
        Assert.IsNull(included.PlannedRefusal, "--include-planned passes them as they are");
        Assert.AreEqual(Listing, included.PlannedListing);

        // Once every database recorded them, a run to 1.3.0 passes none: no refusal, and the steps are still planned ones.
        await new MigrationRunner(targets).ApplyAsync(set, Options with { Target = past, IncludePlanned = true });
        InspectionResult passed = await inspector.InspectAsync(set, past, integrity: null);
        Assert.IsNull(passed.PlannedRefusal);
        Assert.AreEqual(Listing, passed.PlannedListing);
    }

    [TestMethod]
    public async Task ALedgerWithNoPlannedStepHasNoListing()
    {
        var engine = new RecordingEngine();
        var targets = new ScopeTargets(new ScopeLayout([new ScopeDefinition("system") { Engine = engine.Name }]), new EngineRegistry(engine));
        MigrationSet set = RecordingEngineTests.SetOf(string.Concat(
            Fenced("baseline", "1.0.0", "CREATE TABLE a (id INTEGER);"), Fenced("1.0.0", "1.1.0", "CREATE TABLE b (id INTEGER);")));

        InspectionResult inspection = await new LedgerInspector(targets).InspectAsync(set, null, integrity: null);

        Assert.IsNull(inspection.PlannedListing);
        Assert.IsNull(inspection.PlannedRefusal);
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
        Assert.IsNull(preview.PlannedRefusal);
        Assert.IsNull(preview.PlannedListing, "plan --rollback-to does not list them");
        Assert.AreEqual(0, back.ExitCode, back.System?.Describe());
        Assert.AreEqual(PlanDirection.Down, back.Direction);
        Assert.AreEqual(SemVersion.Parse("1.0.0"), back.Target);
        Assert.AreEqual(DatabaseOutcome.RolledBack, back.System!.Outcome);
        Assert.IsEmpty(back.PlannedNotes);
    }
}
