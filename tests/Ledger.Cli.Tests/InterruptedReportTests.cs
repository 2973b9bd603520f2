using Ledger.Cli.Output;
using Ledger.Execution;
using Ledger.Model;
using Ledger.Planning;
using Ledger.Scoping;
using Ledger.Versions;

namespace Ledger.Cli.Tests;

/// <summary>
/// The summary after Ctrl+C counts the databases stopped mid-step from their results' <see cref="DatabaseResult.Interrupted"/>
/// flag, which the migrator sets where it makes the result, not from the words of their messages (which are for people,
/// and may change). The results are built by hand here: the run that makes them is ScaleOutputTests' Ctrl+C test.
/// </summary>
[TestClass]
public sealed class InterruptedReportTests
{
    private static DatabaseResult User(string name, DatabaseOutcome outcome, string? message) =>
        DatabaseResult.Of(new DatabaseTarget(Scopes.User, name, $"users/{name}.db"), outcome, message, SemVersion.Parse("1.0.0"));

    private static string Summary(PlanDirection direction, params DatabaseResult[] users)
    {
        var set = new ScopeDefinition(Scopes.User) { Glob = "users/*.db" };
        var result = new RunResult(SemVersion.Parse("1.1.0"), [new ScopeResult(set, users) { NotStarted = 2 }], Interrupted: true) { Direction = direction };
        var text = new StringWriter();
        RunReport.WriteText(text, result, p => p);
        return text.ToString();
    }

    [TestMethod]
    public void DatabasesStoppedMidStepAreCountedByTheirFlagNotByTheirMessage()
    {
        string text = Summary(PlanDirection.Up,
            User("a", DatabaseOutcome.Migrated, null),
            User("b", DatabaseOutcome.Skipped, "stopped by Ctrl+C (its step rolled back)") with { Interrupted = true },
            User("c", DatabaseOutcome.Skipped, "interrupted, in other words: database does not exist"),
            User("d", DatabaseOutcome.Skipped, "cancelled") with { Interrupted = true });

        StringAssert.Contains(text, "\ninterrupted: 1 migrated, 2 rolled back (stopped mid-step), 2 never started\n", text);
    }

    [TestMethod]
    public void GoingDownTheyAreCountedTheSameWay()
    {
        string text = Summary(PlanDirection.Down,
            User("a", DatabaseOutcome.RolledBack, null) with { Direction = PlanDirection.Down },
            User("b", DatabaseOutcome.Skipped, "interrupted before it finished (every committed step is recorded)") with { Interrupted = true, Direction = PlanDirection.Down },
            User("c", DatabaseOutcome.Skipped, "stopped") with { Interrupted = true, Direction = PlanDirection.Down });

        StringAssert.Contains(text, "\ninterrupted: 1 rolled back, 2 stopped mid-step (that step rolled back), 2 never started\n", text);
    }
}
