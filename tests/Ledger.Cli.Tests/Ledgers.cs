namespace Ledger.Cli.Tests;

/// <summary>Small ledgers for the CLI tests.</summary>
public static class Ledgers
{
    public static string Block(string scope, string from, string to, string body) =>
        $"```sql\n-- [{scope}:{from}→{to}:start]\n{body}\n-- [{scope}:{from}→{to}:end]\n```\n";

    /// <summary>No findings at all.</summary>
    public static readonly string Clean = "# Migrations\n\n" +
        Block("system", "baseline", "1.0.0", "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);") + "\n" +
        Block("user", "baseline", "1.0.0", "CREATE TABLE notes (id INTEGER PRIMARY KEY);");

    /// <summary>Errors (LDG003) at lines 16 and 18: an invalid version in the start and the end tag.</summary>
    public static readonly string WithError = Clean + "\n" +
        Block("system", "1.0.0", "1.0.0.1", "ALTER TABLE users ADD COLUMN email TEXT;");

    /// <summary>One warning (LDG020, DROP TABLE) at line 18 and two infos (LDG005) at lines 23 and 25.</summary>
    public static readonly string WithWarning = Clean + "\n" +
        Block("user", "1.0.0", "1.0.1", "CREATE TABLE scratch (id INTEGER);\nDROP TABLE scratch;") + "\n" +
        Block("user", "from_version", "to_version", "-- example");

    /// <summary>Structurally fine, but SQLite rejects a statement (LDG022) at line 17.</summary>
    public static readonly string WithSqlError = Clean + "\n" +
        Block("user", "1.0.0", "1.0.1", "ALTER TABLE note ADD COLUMN body TEXT;");
}
