using Ledger.Model;
using Ledger.Versions;

namespace Ledger.Journal;

/// <summary>One row of a database's <c>ledger_history</c> table (spec §2.2).</summary>
/// <param name="Scope">The scope the database belongs to.</param>
/// <param name="From">The edge's from version, as stored.</param>
/// <param name="To">The edge's to version, as stored.</param>
/// <param name="Checksum">The step's checksum when it was applied.</param>
/// <param name="Title">The step's title.</param>
/// <param name="AppliedAt">ISO-8601 UTC.</param>
/// <param name="DurationMs">Time spent in the step.</param>
/// <param name="Kind"><c>applied</c>, <c>empty</c> or <c>baselined</c>.</param>
public sealed record JournalEntry(string Scope, string From, string To, string Checksum, string? Title, string AppliedAt, long DurationMs, string Kind)
{
    /// <summary>The to version, when it parses.</summary>
    public SemVersion? ToVersion => SemVersion.TryParse(To, out SemVersion v, out _) ? v : null;

    /// <summary>The from version, when it parses.</summary>
    public SemVersion? FromVersion => SemVersion.TryParse(From, out SemVersion v, out _) ? v : null;

    /// <summary>
    /// Why Ledger cannot have written this row, or null when it can: a from or to version that is not a version, or a
    /// kind that is not <c>applied</c>, <c>empty</c> or <c>baselined</c>. An engine checks every row it reads with it
    /// (and throws <see cref="JournalFormatException"/>), so that no plan is made from a row it would misread.
    /// </summary>
    public string? Problem() =>
        FromVersion is null ? $"has from_version '{From}', which is not a version"
        : ToVersion is null ? $"has to_version '{To}', which is not a version"
        : Kind is not (JournalKinds.Applied or JournalKinds.Empty or JournalKinds.Baselined)
            ? $"has kind '{Kind}', which is not {JournalKinds.Applied}, {JournalKinds.Empty} or {JournalKinds.Baselined}"
        : null;
}
