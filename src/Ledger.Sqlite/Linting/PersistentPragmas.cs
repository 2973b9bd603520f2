using System.Text.RegularExpressions;
using Ledger.Sql;

namespace Ledger.Sqlite.Linting;

/// <summary>
/// The pragmas whose setting belongs to the connection, outlives the transaction it was made in, and changes what
/// later statements do: set in one step, they still hold for every later step apply runs on that connection. Each
/// with SQLite's default (what "set it back" means) and what it changes. Settings that only tune resources
/// (<c>cache_size</c>, <c>busy_timeout</c>, <c>temp_store</c>, …) are left out, and so are <c>foreign_keys</c>
/// (LDG026), <c>journal_mode</c> and <c>synchronous</c> (they cannot change inside a step's transaction) and
/// <c>defer_foreign_keys</c> (reset at every commit).
/// </summary>
internal static partial class PersistentPragmas
{
    private static readonly Dictionary<string, (string Default, string Effect)> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["automatic_index"] = ("1", "whether queries may build automatic indexes"),
        ["case_sensitive_like"] = ("0", "LIKE becomes case-sensitive, so later WHERE … LIKE clauses match other rows"),
        ["cell_size_check"] = ("0", "extra checks of every page read"),
        ["ignore_check_constraints"] = ("0", "CHECK constraints are no longer enforced, so later steps can write rows that break them"),
        ["legacy_alter_table"] = ("0", "ALTER TABLE … RENAME no longer rewrites the references in triggers, views and foreign keys"),
        ["locking_mode"] = ("NORMAL", "the connection keeps its lock on the database file after every commit, locking out the application"),
        ["query_only"] = ("0", "every later write fails"),
        ["recursive_triggers"] = ("0", "triggers fire recursively, and REPLACE fires delete triggers"),
        ["reverse_unordered_selects"] = ("0", "SELECTs without ORDER BY return rows in another order"),
        ["trusted_schema"] = ("1", "which functions views and triggers may call"),
        ["writable_schema"] = ("0", "sqlite_schema can be written, so a later statement may corrupt the schema"),
    };

    /// <summary>The name (lower case) of the persistent pragma <paramref name="statement"/> sets, or null.</summary>
    public static string? Sets(SqlStatement statement)
    {
        if (statement.Keyword(0) != "PRAGMA") return null;
        // PRAGMA [schema.]name = value | (value)
        int at = statement.Keyword(2) == "." ? 3 : 1;
        string name = statement.Word(at);
        return statement.Keyword(at + 1) is "=" or "(" && Known.ContainsKey(name) ? name.ToLowerInvariant() : null;
    }

    /// <summary>
    /// True when <paramref name="statement"/>, which sets <paramref name="name"/>, sets it to SQLite's default:
    /// ON/TRUE/YES/1 and OFF/FALSE/NO/0 read as SQLite reads them, quoted or not (<c>'NORMAL'</c>, <c>"ON"</c>), and
    /// <c>writable_schema = RESET</c>, which turns it off (and resets the schema).
    /// </summary>
    public static bool SetsDefault(SqlStatement statement, string name)
    {
        // The value from the text: a quoted value is one token whose content the statement's words leave out.
        Match m = Value().Match(statement.Text);
        string value = m.Success ? m.Groups["v"].Value : "";
        if (value.Length >= 2 && value[0] is '\'' or '"' && value[^1] == value[0])
        {
            value = value[1..^1].Replace(new string(value[0], 2), value[0].ToString(), StringComparison.Ordinal);
        }

        value = value.Trim().ToUpperInvariant() switch
        {
            "ON" or "TRUE" or "YES" => "1",
            "OFF" or "FALSE" or "NO" => "0",
            "RESET" when name.Equals("writable_schema", StringComparison.OrdinalIgnoreCase) => "0",
            string other => other,
        };
        return value == Known[name].Default;
    }

    /// <summary>What the pragma changes for the statements after it.</summary>
    public static string Effect(string name) => Known[name].Effect;

    /// <summary>SQLite's default of the pragma, as it is written to set it back.</summary>
    public static string Default(string name) => Known[name].Default switch
    {
        "0" => "OFF",
        "1" => "ON",
        string other => other,
    };

    /// <summary>The value a <c>PRAGMA [schema.]name = value</c> or <c>PRAGMA [schema.]name(value)</c> sets.</summary>
    [GeneratedRegex(@"\bPRAGMA\s+(?:[^\s.=(]+\s*\.\s*)?[^\s.=(]+\s*(?:=|\()\s*(?<v>'(?:[^']|'')*'|""(?:[^""]|"""")*""|[^\s;)]+)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Value();
}
