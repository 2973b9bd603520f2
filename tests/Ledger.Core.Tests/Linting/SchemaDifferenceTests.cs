using Ledger.Linting;

namespace Ledger.Tests.Linting;

[TestClass]
public sealed class SchemaDifferenceTests
{
    private static readonly Dictionary<string, string> Before = new()
    {
        ["table notes"] = "CREATE TABLE notes (\n    id INTEGER PRIMARY KEY,\n    topic TEXT NOT NULL,\n    body TEXT,\n    created_at TEXT NOT NULL\n)",
        ["index notes_topic"] = "CREATE INDEX notes_topic ON notes (topic)",
    };

    [TestMethod]
    public void TheSameSchemaHasNoDifference() => Assert.IsNull(SchemaDifference.Describe(Before, new Dictionary<string, string>(Before)));

    [TestMethod]
    public void AChangedDefinitionShowsTheDifferingPartOfBoth()
    {
        var after = new Dictionary<string, string>(Before) { ["table notes"] = Before["table notes"].Replace("    body TEXT,\n", "", StringComparison.Ordinal) };

        Assert.AreEqual("table notes is '…topic TEXT NOT NULL, created_at TEXT NOT NULL )' instead of '…topic TEXT NOT NULL, body TEXT, created_at TEXT NOT NULL )'",
            SchemaDifference.Describe(Before, after));
    }

    [TestMethod]
    public void ADefinitionThatDiffersOnlyInWhiteSpaceSaysSo()
    {
        var after = new Dictionary<string, string>(Before) { ["index notes_topic"] = "CREATE INDEX notes_topic ON notes(topic)".Replace("notes(", "notes  (", StringComparison.Ordinal) };

        Assert.AreEqual("index notes_topic differs only in white space ('CREATE INDEX notes_topic ON notes (topic)')", SchemaDifference.Describe(Before, after));
    }

    [TestMethod]
    public void AMissingOrExtraObjectIsNamedAndTheRestCounted()
    {
        var after = new Dictionary<string, string> { ["table tags"] = "CREATE TABLE tags (id INTEGER)" };

        Assert.AreEqual("index notes_topic is missing (it existed at the version before the step) (and 2 more difference(s))",
            SchemaDifference.Describe(Before, after));
    }
}
