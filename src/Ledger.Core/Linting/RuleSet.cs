using Ledger.Diagnostics;

namespace Ledger.Linting;

/// <summary>
/// The rules one run knows: Core's (<see cref="RuleCatalog"/>) and those of the registered engines. Suppression
/// comments, configured severities and SARIF's rule list are checked against it.
/// </summary>
public sealed class RuleSet
{
    private readonly Dictionary<string, DiagnosticDescriptor> _byCode;

    private RuleSet(IEnumerable<DiagnosticDescriptor> rules)
    {
        All = rules.Distinct().OrderBy(r => r.Code, StringComparer.Ordinal).ToArray();
        _byCode = new Dictionary<string, DiagnosticDescriptor>(StringComparer.OrdinalIgnoreCase);
        foreach (DiagnosticDescriptor rule in All)
        {
            if (!_byCode.TryAdd(rule.Code, rule)) throw new ArgumentException($"rule code {rule.Code} is registered twice", nameof(rules));
        }
    }

    /// <summary>Core's rules only.</summary>
    public static RuleSet Core { get; } = new(RuleCatalog.All);

    /// <summary>All rules, in code order.</summary>
    public IReadOnlyList<DiagnosticDescriptor> All { get; }

    /// <summary>Core's rules and those of <paramref name="engines"/>.</summary>
    /// <exception cref="ArgumentException">Two rules share a code.</exception>
    public static RuleSet Of(IEnumerable<IEngineLintRules> engines) => new(RuleCatalog.All.Concat(engines.SelectMany(e => e.Descriptors)));

    /// <summary>Finds a rule by code (case-insensitive).</summary>
    public DiagnosticDescriptor? Find(string code) => _byCode.GetValueOrDefault(code);
}
