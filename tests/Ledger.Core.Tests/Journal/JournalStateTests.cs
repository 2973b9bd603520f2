using Ledger.Journal;
using Ledger.Model;
using Ledger.Versions;

namespace Ledger.Core.Tests.Journal;

/// <summary>
/// A journal state moved along by a run: appending and removing cost what changed (the states of one run share their
/// rows), while every state keeps seeing exactly its own rows.
/// </summary>
[TestClass]
public sealed class JournalStateTests
{
    private static JournalEntry Row(string from, string to) => new("user", from, to, "c" + to, null, "2026-01-01T00:00:00.000Z", 0, JournalKinds.Applied);

    private static JournalState Read(int rows) =>
        new(Enumerable.Range(0, rows).Select(i => Row(i == 0 ? "baseline" : $"1.{i - 1}.0", $"1.{i}.0")));

    [TestMethod]
    public void AppendingSharesTheRowsAndLeavesEarlierStatesAsTheyWere()
    {
        JournalState read = Read(3);
        JournalState state = read;
        for (int i = 3; i < 500; i++) state = state.Append([Row($"1.{i - 1}.0", $"1.{i}.0")]);

        Assert.HasCount(500, state.Entries);
        Assert.AreEqual(SemVersion.Parse("1.499.0"), state.Current);
        Assert.HasCount(3, read.Entries);
        Assert.AreEqual(SemVersion.Parse("1.2.0"), read.Current);
        Assert.AreEqual("1.2.0", read.Entries[^1].To);
        Assert.AreEqual(500, read.RowsKept, "each append went into the rows that were read, none copied them");
        Assert.IsFalse(read.SameAs(state));
    }

    [TestMethod]
    public void AppendingTwiceToOneStateGivesEachItsOwnRows()
    {
        JournalState read = Read(3);
        JournalState one = read.Append([Row("1.2.0", "1.3.0")]);
        JournalState other = read.Append([Row("1.2.0", "1.3.1")]);

        Assert.AreEqual("1.3.0", one.Entries[^1].To);
        Assert.AreEqual("1.3.1", other.Entries[^1].To);
        Assert.AreEqual(SemVersion.Parse("1.3.0"), one.Current);
        Assert.AreEqual(SemVersion.Parse("1.3.1"), other.Current);
        CollectionAssert.AreEqual(read.Entries.ToArray(), other.Entries.Take(3).ToArray());
    }

    [TestMethod]
    public void AppendingToTheSharedEmptyStateLeavesItEmpty()
    {
        JournalState one = JournalState.Empty.Append([Row("baseline", "1.0.0")]);
        JournalState two = JournalState.Empty.Append([Row("baseline", "2.0.0")]);

        Assert.IsEmpty(JournalState.Empty.Entries);
        Assert.AreEqual(0, JournalState.Empty.RowsKept, "every new database starts from Empty: its rows are never appended to");
        Assert.AreEqual(SemVersion.Baseline, JournalState.Empty.Current);
        Assert.AreEqual(SemVersion.Parse("1.0.0"), one.Current);
        Assert.AreEqual(SemVersion.Parse("2.0.0"), two.Current);
    }

    [TestMethod]
    public void AnUnreadableVersionIsSeenByTheStatesThatHoldItsRow()
    {
        JournalState read = Read(2);
        JournalState bad = read.Append([Row("1.1.0", "not-a-version")]);
        JournalState after = bad.Append([Row("1.1.0", "1.2.0")]);

        Assert.IsNull(read.Unreadable);
        Assert.AreEqual("not-a-version", bad.Unreadable);
        Assert.AreEqual("not-a-version", after.Unreadable);
        Assert.AreEqual(SemVersion.Parse("1.2.0"), after.Current);
        Assert.IsNull(after.Without([Row("1.1.0", "1.2.0"), Row("1.1.0", "not-a-version")]).Unreadable);
    }

    [TestMethod]
    public void RemovingTheLastRowsKeepsTheRestWithoutCopying()
    {
        JournalState read = Read(5);
        JournalState down = read.Without([Row("1.3.0", "1.4.0"), Row("1.2.0", "1.3.0")]);

        CollectionAssert.AreEqual(read.Entries.Take(3).ToArray(), down.Entries.ToArray());
        Assert.AreEqual(SemVersion.Parse("1.2.0"), down.Current);
        Assert.AreEqual(5, down.RowsKept, "the rows are shared, only fewer of them are seen");
        Assert.HasCount(5, read.Entries);

        JournalState again = down.Append([Row("1.2.0", "1.3.5")]);
        Assert.AreEqual("1.3.5", again.Entries[^1].To);
        Assert.AreEqual("1.3.0", read.Entries[3].To, "appending after a removal does not overwrite the rows another state sees");
    }

    [TestMethod]
    public void RemovingRowsThatAreNotTheLastOnesFiltersThem()
    {
        JournalState read = Read(5);
        JournalState down = read.Without([Row("1.0.0", "1.1.0")]);

        CollectionAssert.AreEqual(new[] { "1.0.0", "1.2.0", "1.3.0", "1.4.0" }, down.Entries.Select(e => e.To).ToArray());
        Assert.AreEqual(SemVersion.Parse("1.4.0"), down.Current);
        Assert.HasCount(5, read.Entries);
    }
}
