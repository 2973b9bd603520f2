using Ledger.Journal;
using Ledger.Linting;
using Ledger.Model;
using Ledger.Planning;
using Ledger.Versions;

namespace Ledger.Tests.Planning;

/// <summary>The rollback planner is pure: ledger + journal + V in, plan out.</summary>
[TestClass]
public sealed class RollbackPlannerTests
{
    private const string Ledger = """
        ```sql
        -- [user:baseline→1.0.0:start]
        CREATE TABLE a (id INTEGER);
        -- [user:baseline→1.0.0:end]
        ```

        ```sql
        -- [user:1.0.0→1.1.0:start]
        CREATE TABLE b (id INTEGER);
        -- [user:1.0.0→1.1.0:end]
        ```

        ```sql
        -- [user:1.1.0→1.0.0:start]
        DROP TABLE b;
        -- [user:1.1.0→1.0.0:end]
        ```

        ```sql
        -- [system:1.1.0→1.2.0:start]
        CREATE TABLE c (id INTEGER);
        -- [system:1.1.0→1.2.0:end]
        ```
        """;

    private static MigrationSet Set()
    {
        LoadedLedger loaded = LedgerLoader.Load(Ledger, "MIGRATIONS.md", LintOptions.CoreOnly);
        Assert.IsNotNull(loaded.Set, string.Join("\n", loaded.Diagnostics));
        return loaded.Set;
    }

    private static JournalState At(MigrationSet set, string scope, string version) =>
        new([.. set.StepsBetween(SemVersion.Baseline, SemVersion.Parse(version))
            .Select(s => new JournalEntry(scope, s.From.Normalized, s.To.Normalized, s.For(scope).Checksum, null, "", 0, s.For(scope).Kind))]);

    [TestMethod]
    [DataRow("1.2.0", "1.0.0", PlanStatus.Pending, "1.2.0→1.1.0,1.1.0→1.0.0")]
    [DataRow("1.2.0", "1.2.0", PlanStatus.Current, "")]
    [DataRow("1.0.0", "1.1.0", PlanStatus.Current, "")]
    [DataRow("1.2.0", "baseline", PlanStatus.Refused, "")]
    public void PlansUserEdgesNewestFirst(string current, string to, PlanStatus status, string edges)
    {
        MigrationSet set = Set();
        DatabasePlan plan = MigrationPlanner.PlanRollback(set, Scopes.User, At(set, Scopes.User, current), SemVersion.Parse(to));

        Assert.AreEqual(status, plan.Status, plan.Problem);
        Assert.AreEqual(PlanDirection.Down, plan.Direction);
        Assert.AreEqual(edges, string.Join(",", plan.Pending.Select(s => $"{s.Step.To}→{s.Step.From}")));
    }

    [TestMethod]
    public void ARefusalNamesTheEdgeAndTheScope()
    {
        MigrationSet set = Set();
        DatabasePlan plan = MigrationPlanner.PlanRollback(set, Scopes.System, At(set, Scopes.System, "1.2.0"), SemVersion.Parse("1.1.0"));

        Assert.AreEqual(PlanStatus.Refused, plan.Status);
        StringAssert.Contains(plan.Problem, "step system 1.1.0→1.2.0 has SQL");
        StringAssert.Contains(plan.Problem, "[system:1.2.0→1.1.0:start]");
    }

    [TestMethod]
    public void AVersionOffTheLineIsAnArgumentError()
    {
        MigrationSet set = Set();
        Assert.ThrowsExactly<ArgumentException>(() => MigrationPlanner.PlanRollback(set, Scopes.User, JournalState.Empty, SemVersion.Parse("9.9.9")));
    }

    [TestMethod]
    public void AJournalHoldingAVersionThatIsNotOneIsRefusedGoingUpAsGoingDown()
    {
        MigrationSet set = Set();
        JournalState at = At(set, Scopes.User, "1.1.0");
        JournalState unreadable = new([.. at.Entries, new JournalEntry(Scopes.User, "1.1.0", "one.oh", "x", null, "", 0, JournalKinds.Applied)]);

        DatabasePlan up = MigrationPlanner.Plan(set, Scopes.User, unreadable, SemVersion.Parse("1.2.0"));
        DatabasePlan down = MigrationPlanner.PlanRollback(set, Scopes.User, unreadable, SemVersion.Parse("1.0.0"));

        Assert.AreEqual(PlanStatus.Refused, down.Status);
        Assert.AreEqual(down.Status, up.Status, "the same journal, the same verdict whichever way the run goes");
        Assert.AreEqual(down.Problem, up.Problem);
        StringAssert.Contains(up.Problem, "'one.oh', which is not a version");
    }
}
