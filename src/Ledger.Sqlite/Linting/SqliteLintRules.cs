using Ledger.Diagnostics;
using Ledger.Linting;
using Ledger.Sqlite.Engine;
using Ledger.Sqlite.Linting.Rules;

namespace Ledger.Sqlite.Linting;

/// <summary>
/// The SQLite engine's lint rules (LDG017, LDG018, LDG026, LDG039), run by <c>lint</c> and by <c>apply</c>'s ledger check
/// for every ledger with a SQLite scope. The SQL replay (<see cref="SqlReplayRule"/>) is the engine's SQL check
/// (<see cref="CreateSqlCheck"/>): it is optional (<c>--no-sql-check</c>) and reports Core's codes.
/// </summary>
public sealed class SqliteLintRules : IEngineLintRules
{
    // Asked for its name and its journal's table name only: it opens nothing.
    private readonly SqliteEngine _engine = new();

    private SqliteLintRules()
    {
    }

    /// <summary>The one instance (it holds nothing).</summary>
    public static SqliteLintRules Instance { get; } = new();

    /// <inheritdoc />
    public string Engine => _engine.Name;

    /// <inheritdoc />
    public string JournalTable => _engine.Dialect.TableName;

    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors => SqliteRuleCatalog.All;

    /// <inheritdoc />
    public IReadOnlyList<ILintRule> CreateRules() => [new ForbiddenStatementRule(), new PragmaRule()];

    /// <inheritdoc />
    /// <remarks>The replay in memory (<see cref="SqlReplayRule"/>); it needs no setting.</remarks>
    public ILintRule? CreateSqlCheck(SqlCheckSettings settings) => new SqlReplayRule();
}
