using Ledger.Execution;
using Ledger.Postgres.Targets;
using Ledger.Scoping;
using Ledger.Targets;

namespace Ledger.Postgres.Tests.Engine;

/// <summary>
/// The few target rules these engine tests need (a single database in a schema, a set whose schema template holds
/// <c>{user}</c>), so the engine is tested on its own; the configuration's resolver is tested with the configuration.
/// </summary>
internal sealed class SchemaTargets : ITargetResolver
{
    public ScopeDefinition Anchored(ScopeDefinition scope, string directory) => scope;

    public IReadOnlyList<LocationProblem> Problems(ScopeDefinition scope) => [];

    public BackupClash? BackupClash(ScopeDefinition set, string? backupDirectory) => null;

    public DatabaseTarget One(ScopeDefinition scope) =>
        DatabaseTarget.Single(scope.Name, PostgresLocation.Of(scope.Database!, scope.Schema ?? PostgresLocation.DefaultSchema));

    public IMemberResolver Members(ScopeDefinition set, string? backupDirectory) => new Schemas(set);

    private sealed class Schemas(ScopeDefinition set) : IMemberResolver
    {
        public IReadOnlyList<string> Placeholders => [];

        public IReadOnlyList<string> Discover(CancellationToken cancellationToken) => [];

        public UserDatabase Resolve(string key, IReadOnlyDictionary<string, string>? placeholders) =>
            new(key, new DatabaseTarget(set.Name, key, PostgresLocation.Of(set.Database!, set.Schema!.Replace("{user}", key, StringComparison.Ordinal))), null);
    }
}
