using System.Text.Json;
using System.Text.Json.Serialization;
using Ledger.Execution;

namespace Ledger.Cli.Output;

/// <summary>What every report prints the same way: a database's name, and JSON.</summary>
public static class Printing
{
    /// <summary>How results are written as JSON: indented, camelCase, enums as words, nulls left out.</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>
    /// <c>system (data/system.db)</c> for the one database of a single-database scope, <c>user alice</c> for a member of a
    /// set (with its path when <paramref name="userPath"/>).
    /// </summary>
    public static string Name(DatabaseTarget target, Func<string, string> shown, bool userPath = false) =>
        target.IsSingle ? $"{target.Scope} ({shown(target.Display)})"
        : userPath ? $"{target.Scope} {target.Name} ({shown(target.Display)})"
        : $"{target.Scope} {target.Name}";

    /// <summary>An incomplete database's started step, for JSON: the edge, whether a rollback was running, and the statement.</summary>
    public static object Incomplete(Planning.IncompleteStep incomplete) => new
    {
        from = incomplete.Row.From,
        to = incomplete.Row.To,
        startedAt = incomplete.Row.AppliedAt,
        rollback = incomplete.Down,
        statementNumber = incomplete.Number,
        statement = incomplete.Statement is null ? null : Sql.SqlScript.Abbreviate(incomplete.Statement.Text),
        file = incomplete.Location?.Path,
        line = incomplete.Location?.Line,
    };
}
