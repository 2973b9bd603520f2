using CommandLine;

namespace Ledger.Cli.Options;

/// <summary><c>ledger plan</c>: what apply would do, changing nothing.</summary>
[Verb("plan", HelpText = "Dry run: which databases would get which steps. Changes nothing.")]
public sealed class PlanVerbOptions : RunSqlOptions
{
    /// <summary>The version to reach.</summary>
    [Option("target", MetaValue = "VERSION", HelpText = "Version to reach (default: the last step that is not planned).")]
    public string? Target { get; set; }

    /// <summary>Pass planned steps on the way to <see cref="Target"/>, recording them as empty.</summary>
    [Option("include-planned", HelpText = "Show what apply --include-planned would do: --target passes planned steps (blocks holding only comments), which that apply records as empty. Plan changes nothing.")]
    public bool IncludePlanned { get; set; }

    /// <summary>Plan a rollback to this version instead of apply.</summary>
    [Option("rollback-to", MetaValue = "VERSION", HelpText = "Show what 'ledger rollback --to VERSION' would do instead (down blocks, scopes in reverse declared order).")]
    public string? RollbackTo { get; set; }

    /// <summary>Steps per transaction, as apply's and rollback's <c>--transaction</c>.</summary>
    [Option("transaction", MetaValue = "MODE", Default = "per-step", HelpText = "per-step (default) or per-database: the transactions --format sql shows, as apply's --transaction.")]
    public string Transaction { get; set; } = "per-step";

    /// <summary>Output format.</summary>
    [Option("format", MetaValue = "FORMAT", Default = "text", HelpText = "text, json, or sql (the exact SQL apply would run).")]
    public string Format { get; set; } = "text";
}
