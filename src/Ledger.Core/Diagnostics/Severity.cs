namespace Ledger.Diagnostics;

/// <summary>How serious a finding is. Ordered: a higher value is more serious.</summary>
public enum Severity
{
    /// <summary>Worth knowing; never fails a run.</summary>
    Info = 0,

    /// <summary>Probably a mistake; fails <c>lint --strict</c> only.</summary>
    Warning = 1,

    /// <summary>The ledger cannot be applied as written.</summary>
    Error = 2,
}
