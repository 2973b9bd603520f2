using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Ledger.Sqlite.Engine;

/// <summary>
/// The session lock of a no-transaction step on SQLite: an exclusive OS lock (<c>flock</c> on Unix, a share mode on
/// Windows) on the database's lock file (<see cref="SqliteJournalDialect.SessionLockFile"/>), held by the connection from
/// the step's first statement to its last. Taken by polling with a growing pause, never by a blocking wait, up to the
/// engine's busy timeout (a step that waits for another run's <c>VACUUM</c> waits as long as for its write lock);
/// cancellation stops the wait. The OS releases it when the process ends, however it ends.
/// </summary>
internal sealed class SessionFileLock : IDisposable
{
    private FileStream? _held;

    /// <summary>Takes the lock on <paramref name="path"/>, waiting for another holder up to <paramref name="timeout"/>.</summary>
    /// <exception cref="SqliteException">Another run held it for longer than <paramref name="timeout"/> (SQLITE_BUSY).</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled while waiting.</exception>
    public void Take(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_held is not null) return;
        long started = Stopwatch.GetTimestamp();
        int pause = 1;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            IOException held;
            try
            {
                _held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
                return;
            }
            catch (IOException e) when (e is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException))
            {
                held = e; // another run holds it
            }

            if (Stopwatch.GetElapsedTime(started) >= timeout)
            {
                const int Busy = 5;
                throw new SqliteException(
                    $"another run held the lock file {path} for longer than the busy timeout ({timeout.TotalSeconds:0.#} s): {held.Message}", Busy);
            }

            if (cancellationToken.WaitHandle.WaitOne(pause)) cancellationToken.ThrowIfCancellationRequested();
            pause = Math.Min(pause * 2, 100);
        }
    }

    /// <summary>Releases the lock (the file stays: see <see cref="SqliteJournalDialect.SessionLockFile"/>).</summary>
    public void Release()
    {
        _held?.Dispose();
        _held = null;
    }

    public void Dispose() => Release();
}
