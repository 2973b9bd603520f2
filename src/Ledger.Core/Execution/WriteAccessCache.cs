using System.Collections.Concurrent;

namespace Ledger.Execution;

/// <summary>
/// What the write-access check (<see cref="IWriteAccessCheck"/>, <see cref="IDatabaseBackup"/>) found true for every
/// database of a run: a folder where files can be created. An engine probes such a place once per run, not once per
/// database (200 databases in one folder are one probe, not 200). Owned by the run (its <see cref="DatabaseMigrator"/>),
/// never shared between runs. Only a place found writable is kept: one found unwritable is probed again, so a folder
/// made writable while a host keeps running is seen as such.
/// </summary>
public sealed class WriteAccessCache
{
    private readonly ConcurrentDictionary<string, bool> _writable = new(StringComparer.Ordinal);

    /// <summary>
    /// Why <paramref name="place"/> cannot be written, or null: <paramref name="probe"/>'s answer, asked unless the place
    /// was already found writable in this run.
    /// </summary>
    public string? Problem(string place, Func<string, string?> probe)
    {
        if (_writable.ContainsKey(place))
        {
            return null;
        }

        string? problem = probe(place);
        if (problem is null)
        {
            _writable.TryAdd(place, true);
        }

        return problem;
    }
}
