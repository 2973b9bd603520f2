namespace Ledger.Diagnostics;

/// <summary>
/// The fixed facts about one rule: its code, default severity and a short title.
/// Descriptors are registered once in <see cref="RuleCatalog"/>.
/// </summary>
/// <param name="Code">Stable code, <c>LDG</c> and three digits.</param>
/// <param name="Name">Short PascalCase name, used by SARIF.</param>
/// <param name="DefaultSeverity">Severity unless configuration changes it.</param>
/// <param name="Title">One line saying what the rule finds.</param>
/// <param name="Configurable">
/// Whether configuration may change the severity. Rules that protect the databases
/// (a block that would break its transaction, a broken version line) are not configurable:
/// lowering them would let <c>apply</c> run a ledger it cannot run safely.
/// </param>
public sealed record DiagnosticDescriptor(string Code, string Name, Severity DefaultSeverity, string Title, bool Configurable)
{
    /// <summary>
    /// Whether a <c>-- ledger:ignore</c> comment that gives a reason may accept a finding of this rule, although
    /// configuration may not change its severity (<see cref="Configurable"/> is false). Without a reason the comment
    /// does not apply and the finding stays: <c>apply</c> refuses the ledger until a reviewer has said why.
    /// </summary>
    public bool SuppressibleWithReason { get; init; }

    /// <summary>Creates a diagnostic of this rule at its default severity.</summary>
    public Diagnostic Create(SourceLocation location, string message) => new(Code, DefaultSeverity, message, location);
}
