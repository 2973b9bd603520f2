namespace Ledger.Model;

/// <summary>The scopes a block may name.</summary>
public static class Scopes
{
    /// <summary>The one system database.</summary>
    public const string System = "system";

    /// <summary>Every per-user database.</summary>
    public const string User = "user";

    /// <summary>Known scopes, in the order they are applied.</summary>
    public static IReadOnlyList<string> Known { get; } = [System, User];

    /// <summary>True for a scope Ledger applies.</summary>
    public static bool IsKnown(string scope) => scope is System or User;
}
