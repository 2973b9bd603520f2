using Ledger.Execution;
using Ledger.Sqlite.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace StartupApp;

/// <summary>
/// The app's data layer: <see cref="StartAsync"/> migrates the system database once, at start-up; every call that
/// touches a user's data first makes sure that user's database exists and is current (<see cref="SqliteLedger.EnsureUserAsync"/>,
/// one journal query when it already is).
/// </summary>
public sealed class NotesService
{
    private readonly SqliteLedger _ledger;

    private NotesService(SqliteLedger ledger, string dataDirectory)
    {
        _ledger = ledger;
        DataDirectory = dataDirectory;
    }

    /// <summary>Where the databases are.</summary>
    public string DataDirectory { get; }

    /// <summary>The system database.</summary>
    public string SystemDatabase => Path.Combine(DataDirectory, "system.db");

    /// <summary>
    /// Start-up: reads the embedded ledger and migrates the system database. The app refuses to start when that fails
    /// (its choice: the result says what went wrong, and nothing half-done is left behind): a <see cref="StartupException"/>
    /// carrying Ledger's message.
    /// </summary>
    public static async Task<NotesService> StartAsync(string dataDirectory, ILogger logger, CancellationToken cancellationToken)
    {
        string full = Path.GetFullPath(dataDirectory);
        SqliteLedger ledger = SqliteLedger.FromEmbeddedResource(typeof(NotesService).Assembly, "MIGRATIONS.md", new SqliteLedgerOptions
        {
            SystemDatabase = Path.Combine(full, "system.db"),
            UserDatabasePath = Path.Combine(full, "users", "{user}.db"),
            BackupDirectory = Path.Combine(full, "backups"),
        }, logger);

        SqliteLedgerResult started = await ledger.MigrateAsync(cancellationToken);
        if (!started.Succeeded)
        {
            throw new StartupException(started.Message);
        }

        return new NotesService(ledger, full);
    }

    /// <summary>Adds a note for a user, creating the user (and their database) on first use.</summary>
    public async Task<long> AddNoteAsync(string user, string body, CancellationToken cancellationToken)
    {
        string database = await UserDatabaseAsync(user, cancellationToken);
        await using (SqliteConnection system = await OpenAsync(SystemDatabase, cancellationToken))
        {
            await using SqliteCommand add = system.CreateCommand();
            add.CommandText = "INSERT OR IGNORE INTO accounts (username) VALUES ($user)";
            add.Parameters.AddWithValue("$user", user);
            await add.ExecuteNonQueryAsync(cancellationToken);
        }

        await using SqliteConnection connection = await OpenAsync(database, cancellationToken);
        await using SqliteCommand insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO notes (body) VALUES ($body) RETURNING id";
        insert.Parameters.AddWithValue("$body", body);
        return (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>A user's notes, pinned first.</summary>
    public async Task<IReadOnlyList<string>> NotesAsync(string user, CancellationToken cancellationToken)
    {
        string database = await UserDatabaseAsync(user, cancellationToken);
        await using SqliteConnection connection = await OpenAsync(database, cancellationToken);
        await using SqliteCommand select = connection.CreateCommand();
        select.CommandText = "SELECT body FROM notes ORDER BY pinned DESC, id";
        await using SqliteDataReader reader = await select.ExecuteReaderAsync(cancellationToken);
        var notes = new List<string>();
        while (await reader.ReadAsync(cancellationToken)) notes.Add(reader.GetString(0));
        return notes;
    }

    /// <summary>The user's database, current; a user name Ledger rejects, or a failed migration, is an error for this request only.</summary>
    private async Task<string> UserDatabaseAsync(string user, CancellationToken cancellationToken)
    {
        DatabaseResult db = await _ledger.EnsureUserAsync(user, cancellationToken);
        return db.Succeeded ? db.Target.Location : throw new StartupException($"user {user}: {db.Describe()}");
    }

    private static async Task<SqliteConnection> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, DefaultTimeout = 30 }.ToString());
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
