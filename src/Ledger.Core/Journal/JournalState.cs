using Ledger.Versions;

namespace Ledger.Journal;

/// <summary>What a database's journal says: its rows and the version they put it at.</summary>
public sealed class JournalState
{
    /// <summary>A database without a journal (new, or created before Ledger): at <c>baseline</c>.</summary>
    public static JournalState Empty { get; } = new([]);

    /// <summary>Reads the state from rows.</summary>
    public JournalState(IReadOnlyList<JournalEntry> entries)
    {
        Entries = entries;
        SemVersion current = SemVersion.Baseline;
        foreach (JournalEntry e in entries)
        {
            SemVersion? to = e.ToVersion;
            if (to is null)
            {
                Unreadable ??= e.To;
                continue;
            }

            if (to > current) current = to;
        }

        Current = current;
    }

    /// <summary>The rows.</summary>
    public IReadOnlyList<JournalEntry> Entries { get; }

    /// <summary>The highest <c>to_version</c> (SemVer); <c>baseline</c> when there are no rows.</summary>
    public SemVersion Current { get; }

    /// <summary>A <c>to_version</c> that is not a version, if any.</summary>
    public string? Unreadable { get; }

    /// <summary>True when two states describe the same journal (used to notice another runner's work).</summary>
    public bool SameAs(JournalState other) => other.Entries.Count == Entries.Count && other.Current == Current;
}
