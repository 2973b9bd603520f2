namespace Ledger.Model;

/// <summary>
/// The scopes of the legacy settings. The scopes a block may name are those declared in ledger.json
/// (<see cref="Scoping.ScopeLayout"/>), or these two when none are declared.
/// </summary>
public static class Scopes
{
    /// <summary>The one system database.</summary>
    public const string System = "system";

    /// <summary>Every per-user database.</summary>
    public const string User = "user";

    /// <summary>The scopes tags may name when ledger.json declares none, in the order they are applied.</summary>
    public static IReadOnlyList<string> Known { get; } = [System, User];
}
