using Ledger.Cli.Output;

namespace Ledger.Cli.Tests;

/// <summary>
/// The text reports group databases whose lines would read the same by a string key made of the line's parts
/// (<see cref="Grouping.Key"/>). A part may be any text: a database's error message or a path can hold any character,
/// so two different lists of parts must never make one key, or one database would be printed under another's line.
/// </summary>
[TestClass]
public sealed class GroupingKeyTests
{
    [TestMethod]
    public void EqualPartsMakeEqualKeys() =>
        Assert.AreEqual(Grouping.Key("user", "set", "failed: disk full"), Grouping.Key("user", "set", "failed: disk full"));

    [TestMethod]
    [DataRow("a\u001fb", "c", "a", "b\u001fc")]
    [DataRow("a,b", "c", "a", "b,c")]
    [DataRow("1:a", "", "1", "a")]
    [DataRow("", "x", null, "x")]
    [DataRow("ab", "", "a", "b")]
    public void DifferentPartsNeverMakeOneKey(string? a1, string? a2, string? b1, string? b2) =>
        Assert.AreNotEqual(Grouping.Key("user", a1, a2), Grouping.Key("user", b1, b2));
}
