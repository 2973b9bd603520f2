namespace Ledger.Sqlite.Tests.Engine;

/// <summary>Small ledgers for engine tests.</summary>
internal static class Ledgers
{
    public const string Basic = """
        # Test ledger

        ### 1.0.0

        ```sql
        -- [system:baseline→1.0.0:start]
        CREATE TABLE users (username TEXT PRIMARY KEY);
        INSERT INTO users VALUES ('alice'), ('bob');
        -- [system:baseline→1.0.0:end]
        ```

        ```sql
        -- [user:baseline→1.0.0:start]
        CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
        -- [user:baseline→1.0.0:end]
        ```

        ### 1.1.0

        ```sql
        -- [user:1.0.0→1.1.0:start]
        ALTER TABLE notes ADD COLUMN title TEXT;
        CREATE INDEX notes_title ON notes(title);
        -- [user:1.0.0→1.1.0:end]
        ```

        ### 1.2.0

        ```sql
        -- [system:1.1.0→1.2.0:start]
        ALTER TABLE users ADD COLUMN email TEXT;
        -- [system:1.1.0→1.2.0:end]
        ```
        """;

    /// <summary>A section for one more step, to append to a ledger: a heading and one fenced block per scope given.</summary>
    public static string Step(string from, string to, string? system = null, string? user = null)
    {
        var sb = new global::System.Text.StringBuilder();
        sb.Append($"\n\n### {to}\n");
        if (system is not null) sb.Append($"\n```sql\n-- [system:{from}→{to}:start]\n{system}\n-- [system:{from}→{to}:end]\n```\n");
        if (user is not null) sb.Append($"\n```sql\n-- [user:{from}→{to}:start]\n{user}\n-- [user:{from}→{to}:end]\n```\n");
        return sb.ToString();
    }

    /// <summary>The 1-based line of the first line of <paramref name="ledger"/> that contains <paramref name="text"/>.</summary>
    public static int LineOf(string ledger, string text)
    {
        string[] lines = ledger.Split('\n');
        int index = Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal));
        Assert.IsGreaterThanOrEqualTo(0, index, $"'{text}' is not in the ledger");
        return index + 1;
    }
}
