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
}
