using System.Collections;
using Ledger.Versions;

namespace Ledger.Journal;

/// <summary>
/// What a database's journal says: its rows and the version they put it at. Immutable. A run moves it along with
/// <see cref="Append"/> and <see cref="Without"/>, which cost what changed, not the size of the history: the states
/// of one run share their rows (each sees a prefix of them), and each row's version is parsed once.
/// </summary>
public sealed class JournalState
{
    private readonly Rows _rows;
    private readonly int _count;

    /// <summary>A database without a journal table (new, or created before Ledger): at <c>baseline</c>.</summary>
    public static JournalState Empty { get; } = new(new Rows([]), 0, tableExists: false);

    /// <summary>
    /// A database that has tables of its own but no journal table: made before Ledger (or by hand). At <c>baseline</c> as
    /// far as any journal says, but its first step would meet tables that already exist; <c>ledger baseline</c> records
    /// the version its schema is at.
    /// </summary>
    /// <param name="tables">Some of its tables (the engine may list only the first few), at least one.</param>
    public static JournalState Untracked(IReadOnlyList<string> tables) => new(new Rows([]), 0, tableExists: false) { UnrecordedTables = tables };

    /// <summary>Reads the state from rows (copied: the caller may reuse its list).</summary>
    public JournalState(IEnumerable<JournalEntry> entries)
        : this(new Rows(entries), -1)
    {
    }

    private JournalState(Rows rows, int count, bool tableExists = true)
    {
        TableExists = tableExists;
        _rows = rows;
        _count = count < 0 ? rows.Count : count;
        Entries = new Prefix(rows, _count);
    }

    /// <summary>
    /// False for <see cref="Empty"/> only: the database has no journal table yet, so its first step creates it. Every
    /// state read from a table, or moved along by a run, has one.
    /// </summary>
    public bool TableExists { get; }

    /// <summary>
    /// For a database without a journal table: tables it has nonetheless (see <see cref="Untracked"/>), possibly only the
    /// first few; empty for a new database and whenever the journal table exists.
    /// </summary>
    public IReadOnlyList<string> UnrecordedTables { get; private init; } = [];

    /// <summary>The rows, in the order they were read and then recorded.</summary>
    public IReadOnlyList<JournalEntry> Entries { get; }

    /// <summary>
    /// The highest <c>to_version</c> (SemVer) of the rows that are not <c>started</c>; <c>baseline</c> when there are none.
    /// A <c>started</c> row's block has not finished: the database has not reached its <c>to_version</c>.
    /// </summary>
    public SemVersion Current => _rows.HighestUpTo(_count);

    /// <summary>A <c>to_version</c> that is not a version, if any (the first in row order).</summary>
    public string? Unreadable => _rows.FirstUnreadable is int at && at < _count ? _rows[at].To : null;

    /// <summary>
    /// The <c>started</c> rows (no-transaction blocks under way or interrupted), in row order: empty for a complete
    /// database. Costs nothing when there are none.
    /// </summary>
    public IReadOnlyList<JournalEntry> Started =>
        _rows.FirstStarted is int at && at < _count ? Entries.Skip(at).Where(e => e.IsStarted).ToArray() : [];

    /// <summary>
    /// How many rows the store this state reads from holds: its own and any appended in place after them (for tests
    /// that check a run appends to the journal it read instead of rebuilding it).
    /// </summary>
    internal int RowsKept => _rows.Count;

    /// <summary>True when two states describe the same journal (used to notice another runner's work).</summary>
    public bool SameAs(JournalState other) => other.Entries.Count == Entries.Count && other.Current == Current;

    /// <summary>
    /// This journal with <paramref name="added"/> recorded after its rows: in time proportional to what is added, as
    /// long as nothing has been appended to this state before (a run appends to its newest state only); otherwise
    /// the rows are copied first, so that every state keeps seeing exactly its own rows. An empty state (such as
    /// <see cref="Empty"/>, shared by every new database) always starts rows of its own.
    /// </summary>
    public JournalState Append(IEnumerable<JournalEntry> added)
    {
        if (_count == 0) return new JournalState(added);
        lock (_rows)
        {
            if (_rows.Count == _count)
            {
                _rows.AddRange(added);
                return new JournalState(_rows, _rows.Count);
            }

            var rows = new Rows(Entries);
            rows.AddRange(added);
            return new JournalState(rows, rows.Count);
        }
    }

    /// <summary>
    /// This journal without the rows of the edges of <paramref name="removed"/> (same scope, from and to). When they
    /// are its last rows, as when a rollback removes the edges recorded last, this takes time proportional to their
    /// number: a journal holds one row per edge, so no other row can match. Otherwise the remaining rows are copied.
    /// </summary>
    public JournalState Without(IReadOnlyCollection<JournalEntry> removed)
    {
        var edges = removed.Select(Edge).ToHashSet();
        int k = edges.Count;
        if (k <= _count && Enumerable.Range(_count - k, k).Select(i => Edge(_rows[i])).ToHashSet().SetEquals(edges))
        {
            return new JournalState(_rows, _count - k);
        }

        return new JournalState(Entries.Where(r => !edges.Contains(Edge(r))));

        static (string, string, string) Edge(JournalEntry e) => (e.Scope, e.From, e.To);
    }

    /// <summary>Rows shared by the states of one run; they are only ever added to, so a prefix never changes.</summary>
    private sealed class Rows
    {
        private readonly List<JournalEntry> _entries = [];

        // _highest[i]: the highest readable to_version among rows 0..i.
        private readonly List<SemVersion> _highest = [];

        public Rows(IEnumerable<JournalEntry> entries) => AddRange(entries);

        public int Count => _entries.Count;

        public int? FirstUnreadable { get; private set; }

        public int? FirstStarted { get; private set; }

        public JournalEntry this[int index] => _entries[index];

        public SemVersion HighestUpTo(int count) => count == 0 ? SemVersion.Baseline : _highest[count - 1];

        public void AddRange(IEnumerable<JournalEntry> entries)
        {
            foreach (JournalEntry e in entries)
            {
                SemVersion highest = HighestUpTo(_entries.Count);
                if (e.ToVersion is SemVersion to)
                {
                    if (e.IsStarted) FirstStarted ??= _entries.Count;
                    else if (to > highest) highest = to;
                }
                else
                {
                    FirstUnreadable ??= _entries.Count;
                }

                _entries.Add(e);
                _highest.Add(highest);
            }
        }
    }

    /// <summary>The first <c>count</c> rows.</summary>
    private sealed class Prefix(Rows rows, int count) : IReadOnlyList<JournalEntry>
    {
        public int Count => count;

        public JournalEntry this[int index] =>
            (uint)index < (uint)count ? rows[index] : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<JournalEntry> GetEnumerator()
        {
            for (int i = 0; i < count; i++) yield return rows[i];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
