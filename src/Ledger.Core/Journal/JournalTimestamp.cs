using System.Globalization;

namespace Ledger.Journal;

/// <summary>
/// How the journal writes <c>applied_at</c>: ISO-8601 UTC with milliseconds, <c>2026-01-31T12:00:00.000Z</c>. Fixed
/// width, so text order is time order; every writer of the journal (steps, rollbacks, baseline) uses this one.
/// </summary>
public static class JournalTimestamp
{
    /// <summary>The format string, for <see cref="DateTime.ToString(string, IFormatProvider)"/> of a UTC time.</summary>
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>The time as the journal stores it.</summary>
    public static string Of(DateTimeOffset time) => time.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);
}
