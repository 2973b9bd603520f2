using Ledger.Text;

namespace Ledger.Tests.Text;

[TestClass]
public sealed class TextDifferenceTests
{
    private const string Before = "CREATE TABLE notes (id INTEGER PRIMARY KEY, topic TEXT NOT NULL, body TEXT, created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)";

    [TestMethod]
    public void ShortTextsAreShownWhole()
    {
        TextDifference difference = TextDifference.Between("name TEXT", "name TEXT NOT NULL");

        Assert.AreEqual("name TEXT", difference.Old);
        Assert.AreEqual("name TEXT NOT NULL", difference.New);
        Assert.IsFalse(difference.WhiteSpaceOnly);
    }

    [TestMethod]
    public void LongTextsShowTheChangeWithAFewWordsAroundItAndCutTheRest()
    {
        string after = Before.Replace("body TEXT", "body BLOB", StringComparison.Ordinal);

        TextDifference difference = TextDifference.Between(Before, after);

        Assert.AreEqual("…TEXT NOT NULL, body TEXT, created_at TEXT…", difference.Old);
        Assert.AreEqual("…TEXT NOT NULL, body BLOB, created_at TEXT…", difference.New);
    }

    [TestMethod]
    public void AChangeAtTheEndKeepsTheEndAndAChangeAtTheStartKeepsTheStart()
    {
        TextDifference atEnd = TextDifference.Between(Before, Before[..^1] + ", tag TEXT)");
        TextDifference atStart = TextDifference.Between(Before, "CREATE TABLE IF NOT EXISTS" + Before["CREATE TABLE".Length..]);

        Assert.AreEqual("…DEFAULT CURRENT_TIMESTAMP)", atEnd.Old);
        Assert.AreEqual("…DEFAULT CURRENT_TIMESTAMP, tag TEXT)", atEnd.New);
        Assert.AreEqual("CREATE TABLE notes (id INTEGER…", atStart.Old);
        Assert.AreEqual("CREATE TABLE IF NOT EXISTS notes (id INTEGER…", atStart.New);
    }

    [TestMethod]
    public void LineBreaksAndRunsOfSpacesReadAsOneSpace()
    {
        TextDifference difference = TextDifference.Between("CREATE TABLE t (a INT,\n    b INT)", "CREATE TABLE t (a INT, b INT)");

        Assert.IsTrue(difference.WhiteSpaceOnly);
        Assert.AreEqual(difference.Old, difference.New);
    }

    [TestMethod]
    public void ALongChangeIsCut()
    {
        string added = string.Join(", ", Enumerable.Range(1, 30).Select(i => $"c{i} INT"));

        TextDifference difference = TextDifference.Between(Before, Before[..^1] + ", " + added + ")");

        Assert.AreEqual("…DEFAULT CURRENT_TIMESTAMP, " + added[..(TextDifference.ChangeShown - 2)] + "…", difference.New);
    }

    [TestMethod]
    public void ShortenFoldsWhiteSpaceAndCutsALongText()
    {
        Assert.AreEqual("a b", TextDifference.Shorten(" a \n b "));
        Assert.AreEqual(Before[..TextDifference.ShownWhole] + "…", TextDifference.Shorten(Before));
    }
}
