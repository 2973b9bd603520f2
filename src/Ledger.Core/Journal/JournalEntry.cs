using Ledger.Model;
using Ledger.Versions;

namespace Ledger.Journal;

/// <summary>One row of a database's <c>ledger_history</c> table (docs/apply.md).</summary>
/// <param name="Scope">The scope the database belongs to.</param>
/// <param name="From">The edge's from version, as stored.</param>
/// <param name="To">The edge's to version, as stored.</param>
/// <param name="Checksum">The step's checksum when it was applied.</param>
/// <param name="Title">The step's title.</param>
/// <param name="AppliedAt">ISO-8601 UTC.</param>
/// <param name="DurationMs">
/// Time spent in the step. While the row is <c>started</c> (a no-transaction block under way or interrupted), the number
/// of the block's statement that is running, counted from 1: positive while the up block runs (<c>apply</c>),
/// negative while the down block runs (<c>rollback</c>); see <see cref="RunningStatement"/>.
/// </param>
/// <param name="Kind"><c>applied</c>, <c>empty</c>, <c>baselined</c> or <c>started</c>.</param>
public sealed record JournalEntry(string Scope, string From, string To, string Checksum, string? Title, string AppliedAt, long DurationMs, string Kind)
{
    /// <summary>The to version, when it parses.</summary>
    public SemVersion? ToVersion => SemVersion.TryParse(To, out SemVersion v, out _) ? v : null;

    /// <summary>The from version, when it parses.</summary>
    public SemVersion? FromVersion => SemVersion.TryParse(From, out SemVersion v, out _) ? v : null;

    /// <summary>True for the row of a no-transaction block under way (or interrupted): the database is incomplete.</summary>
    public bool IsStarted => Kind == JournalKinds.Started;

    /// <summary>
    /// For a <c>started</c> row: the statement of the block that was running (1 = the first) and whether it is the
    /// down block's (a rollback); (0, false) for any other row.
    /// </summary>
    public (int Number, bool Down) RunningStatement =>
        IsStarted ? ((int)Math.Clamp(Math.Abs(DurationMs), 0, int.MaxValue), DurationMs < 0) : (0, false);

    /// <summary>
    /// Why Ledger cannot have written this row, or null when it can: a from or to version that is not a version, or a
    /// kind that is not <c>applied</c>, <c>empty</c>, <c>baselined</c> or <c>started</c>. An engine checks every row it reads with it
    /// (and throws <see cref="JournalFormatException"/>), so that no plan is made from a row it would misread.
    /// </summary>
    public string? Problem() =>
        FromVersion is null ? $"has from_version '{From}', which is not a version"
        : ToVersion is null ? $"has to_version '{To}', which is not a version"
        : Kind is not (JournalKinds.Applied or JournalKinds.Empty or JournalKinds.Baselined or JournalKinds.Started)
            ? $"has kind '{Kind}', which is not {JournalKinds.Applied}, {JournalKinds.Empty}, {JournalKinds.Baselined} or {JournalKinds.Started}"
        : null;
}
