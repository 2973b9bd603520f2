using Ledger.Diagnostics;
using Ledger.Linting;
using Ledger.Postgres.Engine;
using Ledger.Postgres.Linting.Rules;
using Ledger.Postgres.Sql;
using Ledger.Sql;

namespace Ledger.Postgres.Linting;

/// <summary>
/// The PostgreSQL engine's lint rules (LDG041–LDG046), run by <c>lint</c> and by <c>apply</c>'s ledger check on the
/// blocks of the scopes whose engine is <c>postgres</c>, each block split as PostgreSQL splits it
/// (<see cref="PostgresStatementSplitter"/>). The replay on a development server (<see cref="PostgresReplayRule"/>) is
/// the engine's SQL check (<see cref="CreateSqlCheck"/>): it needs a server, and reports Core's codes.
/// </summary>
public sealed class PostgresLintRules : IEngineLintRules
{
    private PostgresLintRules()
    {
    }

    /// <summary>The one instance (it holds nothing).</summary>
    public static PostgresLintRules Instance { get; } = new();

    /// <inheritdoc />
    public string Engine => PostgresEngine.EngineName;

    /// <inheritdoc />
    public string JournalTable { get; } = new PostgresJournalDialect().TableName;

    /// <inheritdoc />
    public IStatementSplitter Splitter => PostgresStatementSplitter.Instance;

    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors => PostgresRuleCatalog.All;

    /// <inheritdoc />
    public IReadOnlyList<ILintRule> CreateRules() => [new NonTransactionalStatementRule(), new LockingChangeRule(), new InvalidIndexOnResumeRule()];

    /// <inheritdoc />
    /// <remarks>The replay on <see cref="SqlCheckSettings.DevDatabase"/>; none when no development server is configured.</remarks>
    public ILintRule? CreateSqlCheck(SqlCheckSettings settings) =>
        settings.DevDatabase is string server ? new PostgresReplayRule(server, settings.DevDatabaseSetting) : null;
}
