using Ledger.Linting;

namespace Ledger.Execution;

/// <summary>An engine capability: lint rules that only make sense for this engine's SQL, run for the scopes that use it.</summary>
public interface IEngineLintRules
{
    /// <summary>The rules.</summary>
    IReadOnlyList<ILintRule> Rules { get; }
}
