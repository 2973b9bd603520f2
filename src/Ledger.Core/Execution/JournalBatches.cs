using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Ledger.Execution;

/// <summary>
/// A set's members, each with its journal read ahead in batches when its engine can read many at once
/// (<see cref="IJournalBatchReader"/>), so that members that are already current are settled without a connection of
/// their own. Members are taken <see cref="Size"/> at a time, as the fan-out asks for them: memory holds one batch's
/// journals, not the whole set's. A member the reader cannot tell about, or a batch the server could not read, gets no
/// snapshot: it is opened as usual, which reports its own failure.
/// </summary>
public static class JournalBatches
{
    /// <summary>How many members one batch reads.</summary>
    public const int Size = 500;

    /// <summary>The members in order, each with its snapshot (null: open it as usual).</summary>
    /// <param name="engine">The set's engine.</param>
    /// <param name="members">The members.</param>
    /// <param name="target">A member's database, or null for a member that has none (a rejected name).</param>
    /// <param name="cancellationToken">Stops the reads.</param>
    public static async IAsyncEnumerable<(T Member, JournalSnapshot? Snapshot)> ReadAsync<T>(IDatabaseEngine engine, IEnumerable<T> members,
        Func<T, DatabaseTarget?> target, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IJournalBatchReader? reader = engine.TryGet<IJournalBatchReader>();
        if (reader is null)
        {
            foreach (T member in members) yield return (member, null);
            yield break;
        }

        var batch = new List<T>(Size);
        foreach (T member in members)
        {
            batch.Add(member);
            if (batch.Count < Size) continue;
            foreach ((T, JournalSnapshot?) read in await ReadBatchAsync(reader, batch, target, cancellationToken)) yield return read;
            batch.Clear();
        }

        foreach ((T, JournalSnapshot?) read in await ReadBatchAsync(reader, batch, target, cancellationToken)) yield return read;
    }

    private static async Task<(T, JournalSnapshot?)[]> ReadBatchAsync<T>(IJournalBatchReader reader, List<T> batch, Func<T, DatabaseTarget?> target,
        CancellationToken cancellationToken)
    {
        var result = new (T, JournalSnapshot?)[batch.Count];
        var targets = new List<DatabaseTarget>(batch.Count);
        var at = new List<int>(batch.Count);
        for (int i = 0; i < batch.Count; i++)
        {
            result[i] = (batch[i], null);
            if (target(batch[i]) is DatabaseTarget t)
            {
                targets.Add(t);
                at.Add(i);
            }
        }

        if (targets.Count == 0) return result;
        try
        {
            IReadOnlyList<JournalSnapshot?> snapshots = await reader.ReadManyAsync(targets, cancellationToken);
            for (int i = 0; i < at.Count; i++) result[at[i]] = (batch[at[i]], snapshots[i]);
        }
        catch (Exception e) when (e is DbException or IOException or TimeoutException)
        {
            // Each member of the batch is then opened on its own, and reports what is wrong with it.
        }

        return result;
    }
}
