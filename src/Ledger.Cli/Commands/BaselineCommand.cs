using Ledger.Cli.Options;
using Ledger.Cli.Output;
using Ledger.Execution;
using Ledger.Scoping;
using Ledger.Targets;
using Ledger.Versions;

namespace Ledger.Cli.Commands;

/// <summary><c>ledger baseline --version V [--scope NAME]…</c>: stamp databases created before Ledger, running nothing.</summary>
public sealed class BaselineCommand : ICommand<BaselineVerbOptions>
{
    /// <inheritdoc />
    public async Task<int> RunAsync(BaselineVerbOptions options, CommandContext context)
    {
        Workspace ws = Workspace.Open(options, context);
        SemVersion version = ws.Target(options.Version);
        var stamper = new BaselineStamper(ws.Engine);
        var results = new List<DatabaseResult>();
        string Shown(string path) => Workspace.Shown(path, context.WorkingDirectory);

        // Every chosen scope in order; a set's members are listed from its query's scope even when that one is not chosen.
        foreach (ScopeDefinition scope in ws.Targets.Layout)
        {
            if (!scope.IsSet)
            {
                results.Add(await stamper.StampAsync(ws.Set, ws.Targets.One(scope), version, context.CancellationToken));
                continue;
            }

            UserList listed;
            try
            {
                listed = await ws.Targets.ListAsync(scope, context.CancellationToken);
            }
            catch (Exception e) when (UserList.IsListingFailure(e))
            {
                results.Add(UserList.Failure(scope.Name, ws.Targets.ListedBy(scope) is { } from ? ws.Targets.One(from) : null, e));
                listed = UserList.Empty;
            }

            foreach (UserDatabase user in listed)
            {
                results.Add(user.Target is null
                    ? DatabaseResult.Of(new DatabaseTarget(scope.Name, user.Name, "(none)"), DatabaseOutcome.Failed, user.Problem)
                    : await stamper.StampAsync(ws.Set, user.Target, version, context.CancellationToken));
            }
        }

        foreach (DatabaseResult r in results)
        {
            context.Out.WriteLine(r.Outcome == DatabaseOutcome.Migrated
                ? $"{(r.Target.Scope == r.Target.Name ? r.Target.Name : $"{r.Target.Scope} {r.Target.Name}")}: stamped at {version} ({r.Applied.Count} edge(s) recorded as baselined)"
                : RunReport.Line(r, Shown));
        }

        context.Out.WriteLine($"baseline {version}: {results.Count(r => r.Outcome == DatabaseOutcome.Migrated)} stamped, " +
                              $"{results.Count(r => r.Outcome == DatabaseOutcome.Failed)} refused, {results.Count(r => r.Outcome == DatabaseOutcome.Skipped)} skipped");
        return results.Any(r => r.Outcome == DatabaseOutcome.Failed) ? ExitCodes.Failed : ExitCodes.Ok;
    }
}
