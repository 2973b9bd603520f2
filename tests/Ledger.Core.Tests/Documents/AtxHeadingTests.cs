using Ledger.Documents;

namespace Ledger.Core.Tests.Documents;

[TestClass]
public sealed class AtxHeadingTests
{
    [TestMethod]
    [DataRow("### Migration: 0.3.19 → 0.3.20", 3, "Migration: 0.3.19 → 0.3.20")]
    [DataRow("# Title #", 1, "Title")]
    [DataRow("## Title ##   ", 2, "Title")]
    [DataRow("   #### Four", 4, "Four")]
    [DataRow("> ## Quoted", 2, "Quoted")]
    [DataRow("## C# notes", 2, "C# notes")]
    [DataRow("## Issue #12", 2, "Issue #12")]
    [DataRow("###", 3, "")]
    [DataRow("### ###", 3, "")]
    public void ReadsLevelAndText(string line, int level, string text)
    {
        Assert.IsTrue(Outline.TryAtxHeading(line, out int actualLevel, out string actualText));
        Assert.AreEqual(level, actualLevel);
        Assert.AreEqual(text, actualText);
    }

    [TestMethod]
    [DataRow("#hashtag")]
    [DataRow("####### seven")]
    [DataRow("    # indented code")]
    [DataRow("plain text")]
    [DataRow("")]
    public void RejectsWhatIsNotAHeading(string line) =>
        Assert.IsFalse(Outline.TryAtxHeading(line, out _, out _));
}
