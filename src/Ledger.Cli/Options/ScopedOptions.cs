using CommandLine;

namespace Ledger.Cli.Options;

/// <summary>The flags of the verbs that work on databases (<c>apply</c>, <c>plan</c>, <c>status</c>, <c>verify</c>, <c>rollback</c>, <c>baseline</c>).</summary>
public abstract class ScopedOptions : CommonOptions
{
    /// <summary>The scopes to work on (repeatable); none means every scope.</summary>
    [Option("scope", MetaValue = "NAME", HelpText = "Work only on this scope (repeatable: --scope system --scope user); default: every scope, in order.")]
    public IEnumerable<string> Scope { get; set; } = [];
}
