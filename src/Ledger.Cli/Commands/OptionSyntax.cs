namespace Ledger.Cli.Commands;

/// <summary>What an option takes after it.</summary>
public enum OptionValue
{
    /// <summary>Nothing: a switch (<c>--strict</c>).</summary>
    None,

    /// <summary>A whole number (<c>--parallel 4</c>).</summary>
    WholeNumber,

    /// <summary>Any text (<c>--target 1.2.0</c>, <c>--system data/system.db</c>).</summary>
    Text,
}

/// <summary>One option of a verb, as its <c>[Option]</c> attribute and property type declare it.</summary>
/// <param name="LongName">The name after <c>--</c>.</param>
/// <param name="MetaValue">What its value is called in help (<c>VERSION</c>, <c>PATH</c>), or empty.</param>
/// <param name="Required">Whether the verb cannot run without it.</param>
/// <param name="Value">What it takes after it.</param>
public sealed record OptionSyntax(string LongName, string? MetaValue, bool Required, OptionValue Value)
{
    /// <summary>As typed: <c>--target</c>.</summary>
    public string Flag => "--" + LongName;

    /// <summary>As help shows it: <c>--target VERSION</c>, or <c>--strict</c>.</summary>
    public string Usage => Value == OptionValue.None ? Flag : $"{Flag} {(string.IsNullOrEmpty(MetaValue) ? "VALUE" : MetaValue)}";
}
