using Ledger.Diagnostics;

namespace Ledger.Linting;

/// <summary>How a ledger is checked: the engines in use and their rules, extra analyzers and configured severities.</summary>
public sealed record LintOptions
{
    /// <summary>Severity per rule code; null turns a rule off. Only configurable rules are affected.</summary>
    public IReadOnlyDictionary<string, Severity?> SeverityOverrides { get; init; } = new Dictionary<string, Severity?>();

    /// <summary>
    /// The engines the ledger's scopes use, by name; their rules run beside Core's. Every name must have its rules in
    /// <see cref="EngineRules"/> (loading fails otherwise). Null (the default): every engine in <see cref="EngineRules"/>.
    /// </summary>
    public IReadOnlyList<string>? Engines { get; init; }

    /// <summary>
    /// The engine of each scope, by name (a scope that names none: the default engine's name). An engine's rules then
    /// check only its scopes' blocks, and every rule reads a block's statements as its scope's engine splits them. Null
    /// (the default): every engine's rules check every block, split as <see cref="Sql.SqlScript"/> does.
    /// </summary>
    public IReadOnlyDictionary<string, string>? ScopeEngines { get; init; }

    /// <summary>The rules of every engine the host registers (a superset of <see cref="Engines"/>).</summary>
    public IReadOnlyList<IEngineLintRules> EngineRules { get; init; } = [];

    /// <summary>Analyzers beyond the built-in and engine ones, such as an engine's SQL check or the history comparison.</summary>
    public IReadOnlyList<ILintRule> ExtraRules { get; init; } = [];

    /// <summary>The scopes tags may name, in the order they are applied: those declared in ledger.json, or <c>system</c> and <c>user</c>.</summary>
    public IReadOnlyList<string> Scopes { get; init; } = Model.Scopes.Known;

    /// <summary>
    /// The options of a ledger whose tags may use <paramref name="scopes"/>, each checked by its engine's rules (a scope
    /// that names none: <paramref name="engines"/>' default): <see cref="Scopes"/>, <see cref="Engines"/>,
    /// <see cref="ScopeEngines"/> and every registered engine's <see cref="EngineRules"/>. The one way the tool's verbs
    /// and <see cref="Hosting.LedgerHost"/> make them; set the rest with <c>with</c>.
    /// </summary>
    /// <remarks>Every engine the scopes name must be registered (check with <see cref="Execution.EngineRegistry.Unknown"/> first).</remarks>
    public static LintOptions For(Scoping.ScopeLayout scopes, Execution.EngineRegistry engines)
    {
        string defaultEngine = engines.Default.Name;
        return new LintOptions
        {
            Scopes = scopes.Names,
            Engines = scopes.Select(s => s.Engine ?? defaultEngine).Distinct(StringComparer.Ordinal).ToArray(),
            ScopeEngines = scopes.EnginesByScope(defaultEngine),
            EngineRules = engines.LintRules,
        };
    }

    /// <summary>
    /// The SQL checks of the engines in use (<see cref="IEngineLintRules.CreateSqlCheck"/>), in the order the engines are
    /// registered (<see cref="EngineRules"/>), for <see cref="ExtraRules"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">An engine in use has no rules registered.</exception>
    public IReadOnlyList<ILintRule> SqlChecks(SqlCheckSettings settings)
    {
        IReadOnlyList<IEngineLintRules> inUse = EnginesInUse();
        var checks = new List<ILintRule>();
        foreach (IEngineLintRules engine in EngineRules)
        {
            if (inUse.Contains(engine) && engine.CreateSqlCheck(settings) is ILintRule check) checks.Add(check);
        }

        return checks;
    }

    /// <summary>Core's rules only, for no engine (reading a ledger that is not about to be applied).</summary>
    public static LintOptions CoreOnly { get; } = new() { Engines = [] };

    /// <summary>The rules of the engines in use, in the order of <see cref="Engines"/>.</summary>
    /// <exception cref="InvalidOperationException">An engine in use has no rules registered.</exception>
    public IReadOnlyList<IEngineLintRules> EnginesInUse() => Engines is null ? EngineRules :
        Engines.Distinct(StringComparer.Ordinal).Select(name => EngineRules.FirstOrDefault(e => e.Engine == name)
            ?? throw new InvalidOperationException($"no lint rules registered for engine '{name}': pass its {nameof(IEngineLintRules)} in {nameof(LintOptions)}.{nameof(EngineRules)}")).ToArray();
}
