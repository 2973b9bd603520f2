using Ledger.Journal;

namespace Ledger.Tests.Journal;

[TestClass]
public sealed class JournalTimestampTests
{
    [TestMethod]
    public void The_journal_stores_utc_with_milliseconds_in_fixed_width()
    {
        var local = new DateTimeOffset(2026, 1, 31, 13, 0, 0, 5, TimeSpan.FromHours(1));

        Assert.AreEqual("2026-01-31T12:00:00.005Z", JournalTimestamp.Of(local));
        Assert.AreEqual(JournalTimestamp.Of(local).Length, JournalTimestamp.Of(DateTimeOffset.UnixEpoch).Length);
    }
}
