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
}
