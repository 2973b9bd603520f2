using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Ledger.Reliability.Tests;

/// <summary>
/// An application using the system database while Ledger migrates the user databases: its own connection, a loop of
/// one-row inserts into <c>app_events</c> (each its own transaction) with a 2 s busy timeout, as a web application
/// has. It starts when the first user database appears (the fan-out has begun) and runs until <see cref="Stop"/>,
/// writing at least once. Every failed insert is kept. With <c>checkpoint</c> (WAL), each insert is followed by
/// <c>PRAGMA wal_checkpoint(PASSIVE)</c>, which copies the whole WAL into the database unless a read transaction
/// pins it; a partial checkpoint is counted.
/// </summary>
public sealed class ApplicationWriter
{
    /// <summary>The application's table, created by the system step (<see cref="SlowLedger.SystemExtra"/>).</summary>
    public const string Table = "CREATE TABLE app_events (id INTEGER PRIMARY KEY, at TEXT NOT NULL);";

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly List<string> _failures = [];

    public ApplicationWriter(string systemDatabase, string usersFolder, bool checkpoint = false)
    {
        _loop = Task.Run(() => Run(systemDatabase, usersFolder, checkpoint));
    }

    /// <summary>Inserts that committed.</summary>
    public int Writes { get; private set; }

    /// <summary>Checkpoints that could not copy the whole WAL (only with <c>checkpoint</c>).</summary>
    public int PinnedCheckpoints { get; private set; }

    /// <summary>Why inserts failed ("database is locked" …), one line each.</summary>
    public IReadOnlyList<string> Failures => _failures;

    /// <summary>Stops the loop (after its current insert) and waits for it.</summary>
    public void Stop()
    {
        _stop.Cancel();
        _loop.Wait();
        _stop.Dispose();
    }

    public override string ToString() =>
        $"{Writes} write(s), {_failures.Count} failure(s){(_failures.Count > 0 ? ": " + string.Join("; ", _failures.Take(3)) : "")}" +
        (PinnedCheckpoints > 0 ? $", {PinnedCheckpoints} partial checkpoint(s)" : "");

    private void Run(string systemDatabase, string usersFolder, bool checkpoint)
    {
        // Waiting for an event (a user database file), not for time: the system step that creates app_events has
        // committed before any user database is created.
        while (!(Directory.Exists(usersFolder) && Directory.EnumerateFiles(usersFolder, "*.db").Any()))
        {
            if (_stop.IsCancellationRequested) return;
            Thread.Sleep(5);
        }

        using var connection = new SqliteConnection($"Data Source={systemDatabase};Mode=ReadWrite;Pooling=False;Default Timeout=2");
        connection.Open();
        using SqliteCommand insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO app_events (at) VALUES ($at)";
        SqliteParameter at = insert.Parameters.Add("$at", SqliteType.Text);
        using SqliteCommand walCheckpoint = connection.CreateCommand();
        walCheckpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        do
        {
            try
            {
                at.Value = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);
                insert.ExecuteNonQuery();
                Writes++;
                if (checkpoint)
                {
                    using SqliteDataReader result = walCheckpoint.ExecuteReader();
                    result.Read();
                    if (result.GetInt64(1) != result.GetInt64(2)) PinnedCheckpoints++;
                }
            }
            catch (SqliteException e)
            {
                _failures.Add(e.Message);
            }
        }
        while (!_stop.IsCancellationRequested);
    }
}
