namespace Ledger.Cli.Commands;

/// <summary>Reads a verb's <c>--format</c>.</summary>
public static class OutputFormat
{
    /// <summary>The format, lower-cased, or a usage error naming the ones the verb takes.</summary>
    public static string Check(string value, params string[] allowed)
    {
        string format = value.ToLowerInvariant();
        return allowed.Contains(format)
            ? format
            : throw new CliException($"--format: unknown format '{value}'; use {string.Join(", ", allowed[..^1])} or {allowed[^1]}");
    }
}
