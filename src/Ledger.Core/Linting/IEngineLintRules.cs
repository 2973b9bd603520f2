using Ledger.Diagnostics;
using Ledger.Sql;

namespace Ledger.Linting;

/// <summary>
/// The lint rules one database engine contributes: rules whose knowledge is that engine's SQL (a statement it cannot run
/// inside a step's transaction, a setting it refuses there). <see cref="LedgerLoader"/> runs Core's rules plus those of
/// the engines the ledger's scopes use (<see cref="LintOptions.Engines"/>), so <c>apply</c> refuses what <c>lint</c>
/// reports. An engine with no rules of its own still registers one, with none, so that a forgotten registration fails
/// instead of letting a ledger through unchecked.
/// </summary>
public interface IEngineLintRules
{
    /// <summary>The engine's name, as scopes name it (<c>"engine"</c> in ledger.json).</summary>
    string Engine { get; }

    /// <summary>The journal table's name on this engine (its journal dialect's table name), which LDG038 protects.</summary>
    string JournalTable { get; }

    /// <summary>Every rule the engine's analyzers report; codes are unique across Core and all engines.</summary>
    IReadOnlyList<DiagnosticDescriptor> Descriptors { get; }

    /// <summary>How the engine splits a block into statements, which every rule reads its scopes' blocks with (default: <see cref="SqlScript.Splitter"/>).</summary>
    IStatementSplitter Splitter => SqlScript.Splitter;

    /// <summary>A fresh list of the engine's analyzers.</summary>
    IReadOnlyList<ILintRule> CreateRules();

    /// <summary>
    /// The engine's SQL check, or null when it has none or lacks a setting it needs: an analyzer that replays its scopes'
    /// blocks on a database of the engine (in memory, or a scratch database on <see cref="SqlCheckSettings.DevDatabase"/>)
    /// and reports what the engine rejects. Not among <see cref="CreateRules"/>: the host adds it when the SQL check is on
    /// (<c>lint</c> without <c>--no-sql-check</c>; <see cref="LintOptions.SqlChecks"/>). A development database that
    /// cannot be used is a <see cref="DevDatabaseException"/> when the check runs.
    /// </summary>
    ILintRule? CreateSqlCheck(SqlCheckSettings settings) => null;
}
