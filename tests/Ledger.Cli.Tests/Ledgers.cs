namespace Ledger.Cli.Tests;

/// <summary>Small ledgers for the CLI tests.</summary>
public static class Ledgers
{
    /// <summary>An up block and its down block, so that the step draws no LDG027 info.</summary>
    public static string Reversible(string scope, string from, string to, string up, string down) =>
        LedgerText.FencedBlock(scope, from, to, up) + "\n" + LedgerText.FencedBlock(scope, to, from, down);

    /// <summary>The up blocks of <see cref="Clean"/>; every ledger below starts with them, so their line numbers hold.</summary>
    private static readonly string Body = "# Migrations\n\n" +
        LedgerText.FencedBlock("system", "baseline", "1.0.0", "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);") + "\n" +
        LedgerText.FencedBlock("user", "baseline", "1.0.0", "CREATE TABLE notes (id INTEGER PRIMARY KEY);");

    /// <summary>
    /// Down blocks for <see cref="Body"/>, appended at the end (order in the file does not matter), so that these ledgers
    /// have no LDG027 info (a step without a down block) unless a test wants one.
    /// </summary>
    private static readonly string Downs = "\n" +
        LedgerText.FencedBlock("system", "1.0.0", "baseline", "DROP TABLE users;") + "\n" +
        LedgerText.FencedBlock("user", "1.0.0", "baseline", "DROP TABLE notes;");

    /// <summary>No findings at all.</summary>
    public static readonly string Clean = Body + Downs;

    /// <summary>Errors (LDG003) at lines 16 and 18: an invalid version in the start and the end tag.</summary>
    public static readonly string WithError = Body + "\n" +
        LedgerText.FencedBlock("system", "1.0.0", "1.0.0.1", "ALTER TABLE users ADD COLUMN email TEXT;") + Downs;

    /// <summary>
    /// One warning (LDG020, DROP TABLE) at line 18 and two infos (LDG005) at lines 23 and 25. The step rebuilds notes
    /// without copying its rows, so the warning is there with the SQL check (rows lost) and without it (a DROP TABLE).
    /// </summary>
    public static readonly string WithWarning = Body + "\n" +
        LedgerText.FencedBlock("user", "1.0.0", "1.0.1", "CREATE TABLE notes_v2 (id INTEGER PRIMARY KEY);\nDROP TABLE notes; ALTER TABLE notes_v2 RENAME TO notes;") + "\n" +
        LedgerText.FencedBlock("user", "from_version", "to_version", "-- example") + Downs + "\n" +
        LedgerText.FencedBlock("user", "1.0.1", "1.0.0", "-- the step leaves no trace: nothing to undo");

    /// <summary>Structurally fine, but SQLite rejects a statement (LDG022) at line 17.</summary>
    public static readonly string WithSqlError = Body + "\n" +
        LedgerText.FencedBlock("user", "1.0.0", "1.0.1", "ALTER TABLE note ADD COLUMN body TEXT;") + Downs + "\n" +
        LedgerText.FencedBlock("user", "1.0.1", "1.0.0", "ALTER TABLE notes DROP COLUMN body;");

    /// <summary>A user step with SQL and no down block: LDG027 at line 16 (its start tag).</summary>
    public static readonly string WithoutDown = Body + "\n" +
        LedgerText.FencedBlock("user", "1.0.0", "1.0.1", "ALTER TABLE notes ADD COLUMN body TEXT;") + Downs;
}
