using Ledger.Planning;
using Ledger.Scoping;

namespace Ledger.Execution;

/// <summary>
/// The order scopes run in and when one scope's end leaves the others alone: the one place that says it, for
/// <c>apply</c> and <c>rollback</c>. Going up, scopes run in declared order; a single-database scope that did not end
/// well (failed, drift, ahead, skipped) stops every later scope, and a set stops them only with <c>--fail-fast</c> (or
/// when its fan-out was stopped). Going down, scopes run in reverse; a scope one of whose databases failed to roll back
/// or ended drift or ahead (or whose fan-out was stopped) leaves every scope before it (in declared order) as it is, so that no database goes
/// below one that still needs it.
/// </summary>
public static class ScopeOrder
{
    /// <summary>The scopes in the order a run in <paramref name="direction"/> takes them.</summary>
    public static IEnumerable<T> InRunOrder<T>(IReadOnlyList<T> declared, PlanDirection direction) =>
        direction == PlanDirection.Up ? declared : declared.Reverse();

    /// <summary>How people call a scope's databases: <c>system database</c>, <c>user databases</c>.</summary>
    public static string Databases(ScopeDefinition scope) => scope.IsSet ? $"{scope.Name} databases" : $"{scope.Name} database";

    /// <summary>
    /// Why the scopes that come after <paramref name="done"/> in the run are not started (given each such scope), or null
    /// when they go on.
    /// </summary>
    public static Func<ScopeDefinition, string>? Stop(ScopeResult done, PlanDirection direction, bool failFast, bool interrupted)
    {
        if (interrupted)
        {
            return _ => "interrupted: databases not started yet were left as they were; running steps finished or rolled back";
        }

        if (direction == PlanDirection.Up)
        {
            if (!done.IsSet && done.Databases.SingleOrDefault() is { Outcome: DatabaseOutcome.Failed or DatabaseOutcome.Drift or DatabaseOutcome.Ahead or DatabaseOutcome.Skipped } one)
            {
                return later => $"the {done.Name} database ended '{one.Outcome.Word()}', so no {later.Name} database was touched";
            }

            if (done.IsSet && failFast && done.AnyFailed)
            {
                return later => $"stopped at the first failure (--fail-fast) among the {done.Name} databases: no {later.Name} database was touched";
            }

            return null;
        }

        if (done.NotReached is not null)
        {
            return _ => done.NotReached;
        }

        // A database that ended drift or ahead (another runner moved it after the inspection) stays where it is, as a
        // failed one does: the scopes before it must not go below it.
        int failed = done.Databases.Count(r => r.Outcome is DatabaseOutcome.Failed or DatabaseOutcome.Drift or DatabaseOutcome.Ahead);
        return failed == 0 ? null
            : earlier => $"{failed} {done.Name} database(s) failed to roll back, so the {Databases(earlier)} " +
                         (earlier.IsSet ? "were left as they were" : "was left as it was");
    }

}
