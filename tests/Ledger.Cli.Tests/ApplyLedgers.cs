namespace Ledger.Cli.Tests;

/// <summary>Ledgers and configurations for the database verbs.</summary>
public static class ApplyLedgers
{
    public const string Config = """
        {
          "system": "data/system.db",
          "users": { "query": "SELECT username FROM users ORDER BY username", "path": "data/users/{user}.db", "createMissing": true },
          "backup": { "enabled": false }
        }
        """;

    public const string TwoVersions = """
        # App

        ### Migration: baseline → 1.0.0

        **Description**: Users and notes

        ```sql
        -- [system:baseline→1.0.0:start]
        CREATE TABLE users (username TEXT PRIMARY KEY);
        INSERT INTO users VALUES ('alice'), ('bob'), ('carol');
        -- [system:baseline→1.0.0:end]
        ```

        ```sql
        -- [user:baseline→1.0.0:start]
        CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
        INSERT INTO notes (body) VALUES ('first'), ('second');
        -- [user:baseline→1.0.0:end]
        ```

        ### Migration: 1.0.0 → 1.1.0

        ```sql
        -- [user:1.0.0→1.1.0:start]
        ALTER TABLE notes ADD COLUMN title TEXT;
        CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT);
        CREATE INDEX notes_title ON notes(title);
        -- [user:1.0.0→1.1.0:end]
        ```
        """;

    /// <summary><see cref="TwoVersions"/> with a typo in the third statement of the 1.1.0 block (line 28).</summary>
    public static string TwoVersionsWithTypo => TwoVersions.Replace("CREATE INDEX notes_title ON notes(title);", "CREATE INDEX notes_title ON notes(titel);", StringComparison.Ordinal);
}
