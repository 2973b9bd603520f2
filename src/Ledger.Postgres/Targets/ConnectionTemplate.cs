using System.Data.Common;
using System.Text.RegularExpressions;
using Npgsql;

namespace Ledger.Postgres.Targets;

/// <summary>
/// A scope's <c>database</c> setting on PostgreSQL: an Npgsql connection string, a template for a set. Placeholders
/// (<c>{user}</c>, and a users query's further columns such as <c>{shard}</c>) may stand in <c>Host=</c>, <c>Port=</c> and
/// <c>Database=</c> only, where a checked name (<see cref="Ledger.Targets.MemberNames"/>: letters, digits, <c>.</c>,
/// <c>_</c>, <c>-</c>) cannot change what the connection string means. The schema is the scope's <c>schema</c> setting,
/// never <c>Search Path</c> here. Nothing of it is ever shown: messages name its keys, and a location is shown as host,
/// database and schema (<see cref="PostgresLocation.Display"/>), so a password never reaches the output.
/// </summary>
public sealed partial class ConnectionTemplate
{
    private readonly List<KeyValuePair<string, string>> _pairs;

    private ConnectionTemplate(List<KeyValuePair<string, string>> pairs) => _pairs = pairs;

    /// <summary>The keys a placeholder may stand in, as Npgsql reads them (upper case, spaces removed).</summary>
    private static readonly string[] PlaceholderKeys = ["HOST", "SERVER", "PORT", "DATABASE", "DB"];

    /// <summary>Reads a connection string or template, or says why it cannot (never quoting it: it may hold a password).</summary>
    public static (ConnectionTemplate? Template, string? Problem) Read(string text)
    {
        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = text;
        }
        catch (ArgumentException)
        {
            return (null, "is not a connection string (Key=value pairs separated by ';', e.g. Host=db1;Database=app;Username=ledger)");
        }

        var pairs = new List<KeyValuePair<string, string>>();
        foreach (string key in builder.Keys)
        {
            pairs.Add(new(key, Convert.ToString(builder[key], System.Globalization.CultureInfo.InvariantCulture) ?? ""));
        }

        return (new ConnectionTemplate(pairs), null);
    }

    /// <summary>Every placeholder the template holds (in <c>Host=</c>, <c>Port=</c>, <c>Database=</c> or elsewhere), each once, in order.</summary>
    public IReadOnlyList<string> Placeholders =>
        _pairs.SelectMany(p => PlaceholdersIn(p.Value)).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>How many times <c>{user}</c> stands in <c>Database=</c>.</summary>
    public int UserInDatabase => _pairs.Where(p => Normal(p.Key) is "DATABASE" or "DB").Sum(p => PlaceholdersIn(p.Value).Count(x => x == "user"));

    /// <summary>What is wrong with the template as a scope's <c>database</c> (empty when sound).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach ((string key, string value) in _pairs)
        {
            if (Normal(key) is "SEARCHPATH")
            {
                problems.Add($"names a schema with '{key}='; give it as the scope's 'schema' setting instead (one schema, where the history table lives)");
            }

            if (PlaceholdersIn(value).Any() && !PlaceholderKeys.Contains(Normal(key)))
            {
                problems.Add($"holds a placeholder in '{key}='; placeholders may stand only in Host=, Port= and Database= (and in 'schema')");
            }
        }

        if (problems.Count > 0) return problems;

        // With every placeholder filled by a harmless value, Npgsql must accept it (a key it does not know, a port that is
        // not a number…). Its message names the key, never the value.
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(Fill(_ => "x", port: "5432"));
            if (string.IsNullOrEmpty(builder.Host)) problems.Add("names no server: add Host= (a name, an address, or a Unix socket's folder)");
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            problems.Add($"is not a connection string Npgsql accepts: {e.Message}");
        }

        return problems;
    }

    /// <summary>The connection string with each placeholder replaced by its value (values already checked).</summary>
    /// <param name="value">The value of a placeholder, by name.</param>
    /// <param name="port">For the check only: what a placeholder in <c>Port=</c> becomes (null: its value).</param>
    public string Fill(Func<string, string> value, string? port = null)
    {
        var builder = new DbConnectionStringBuilder();
        foreach ((string key, string text) in _pairs)
        {
            builder[key] = port is not null && Normal(key) == "PORT" && PlaceholdersIn(text).Any()
                ? port
                : Substitute(text, value);
        }

        return builder.ConnectionString;
    }

    /// <summary><paramref name="text"/> with each placeholder replaced by its value.</summary>
    public static string Substitute(string text, Func<string, string> value) => Placeholder().Replace(text, m => value(m.Groups[1].Value));

    /// <summary>The placeholders in a text (<c>{user}</c> → <c>user</c>), in order.</summary>
    public static IEnumerable<string> PlaceholdersIn(string text) => Placeholder().Matches(text).Select(m => m.Groups[1].Value);

    private static string Normal(string key) => key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Placeholder();
}
