using Ledger.Diagnostics;
using Ledger.Documents;
using Ledger.Linting;
using Ledger.Linting.History;

namespace Ledger.Tests.Linting.History;

/// <summary>
/// The ledger compared with itself at a base revision: each row changes the base ledger by one text replacement
/// and says which findings the comparison gives (codes, in file order).
/// </summary>
[TestClass]
public sealed class HistoryComparerTests
{
    /// <summary>Released: baseline→1.0.0 (system, user) and 1.0.0→1.1.0 (user, with a down block); planned: 1.1.0→1.2.0.</summary>
    private static readonly string Base =
        "# Migrations\n\n" +
        LedgerText.Section("baseline", "1.0.0", ("system", "CREATE TABLE users (id INTEGER PRIMARY KEY);"), ("user", "CREATE TABLE notes (id INTEGER PRIMARY KEY);")) +
        LedgerText.Section("1.0.0", "1.1.0", ("user", "ALTER TABLE notes ADD COLUMN body TEXT;")) +
        "```sql\n" + LedgerText.Block("user", "1.1.0", "1.0.0", "ALTER TABLE notes DROP COLUMN body;") + "```\n\n" +
        LedgerText.Section("1.1.0", "1.2.0", ("user", "-- ALTER TABLE notes ADD COLUMN tag TEXT;"));

    private const string Appended = "### Migration: 1.2.0 → 1.3.0\n\n```sql\n-- [user:1.2.0→1.3.0:start]\nCREATE TABLE tags (id INTEGER);\n-- [user:1.2.0→1.3.0:end]\n```\n";

    [TestMethod]
    [DataRow("nothing changed", "", "", "")]
    [DataRow("an edit to released SQL", "ADD COLUMN body TEXT;", "ADD COLUMN body BLOB;", "LDG030")]
    [DataRow("an edit to a released comment (the checksum covers comments)", "CREATE TABLE users (id INTEGER PRIMARY KEY);", "-- users\nCREATE TABLE users (id INTEGER PRIMARY KEY);", "LDG030")]
    [DataRow("a suppression comment added to a released block (it changes the checksum)", "ALTER TABLE notes ADD COLUMN body TEXT;", "-- ledger:ignore LDG020 old\nALTER TABLE notes ADD COLUMN body TEXT;", "LDG030")]
    [DataRow("trailing whitespace", "ADD COLUMN body TEXT;", "ADD COLUMN body TEXT;   \t", "")]
    [DataRow("leading and trailing blank lines", "-- [user:1.0.0→1.1.0:start]\nALTER", "-- [user:1.0.0→1.1.0:start]\n\n\nALTER", "")]
    [DataRow("the other arrow in the tags", "-- [user:1.0.0→1.1.0:start]", "-- [user:1.0.0->1.1.0:start]", "")]
    [DataRow("a version appended at the end", "<append>", Appended, "")]
    [DataRow("the planned step written in", "-- ALTER TABLE notes ADD COLUMN tag TEXT;", "ALTER TABLE notes ADD COLUMN tag TEXT;", "")]
    [DataRow("the planned step removed", "-- [user:1.1.0→1.2.0:start]\n-- ALTER TABLE notes ADD COLUMN tag TEXT;\n-- [user:1.1.0→1.2.0:end]\n", "", "")]
    [DataRow("a version inserted among planned ones", "-- [user:1.1.0→1.2.0:start]\n-- ALTER TABLE notes ADD COLUMN tag TEXT;\n-- [user:1.1.0→1.2.0:end]\n",
        "-- [user:1.1.0→1.1.5:start]\n-- x\n-- [user:1.1.0→1.1.5:end]\n-- [user:1.1.5→1.2.0:start]\n-- y\n-- [user:1.1.5→1.2.0:end]\n", "")]
    [DataRow("a released block removed, its edge kept by another scope", "-- [user:baseline→1.0.0:start]\nCREATE TABLE notes (id INTEGER PRIMARY KEY);\n-- [user:baseline→1.0.0:end]\n", "", "LDG031")]
    [DataRow("a released edge removed", "-- [user:1.0.0→1.1.0:start]\nALTER TABLE notes ADD COLUMN body TEXT;\n-- [user:1.0.0→1.1.0:end]\n", "", "LDG031")]
    [DataRow("a block added to an edge released in another scope", "-- [user:1.0.0→1.1.0:start]", "-- [system:1.0.0→1.1.0:start]\nALTER TABLE users ADD COLUMN email TEXT;\n-- [system:1.0.0→1.1.0:end]\n-- [user:1.0.0→1.1.0:start]", "LDG033")]
    [DataRow("a blank block added to a released edge (same checksum as none)", "-- [user:1.0.0→1.1.0:start]", "-- [system:1.0.0→1.1.0:start]\n\n-- [system:1.0.0→1.1.0:end]\n-- [user:1.0.0→1.1.0:start]", "")]
    [DataRow("a down block added to a released edge", "-- [system:baseline→1.0.0:end]\n", "-- [system:baseline→1.0.0:end]\n-- [system:1.0.0→baseline:start]\nDROP TABLE users;\n-- [system:1.0.0→baseline:end]\n", "")]
    [DataRow("a released down block edited", "DROP COLUMN body;", "DROP COLUMN body; -- undo", "LDG034")]
    [DataRow("a released down block removed", "-- [user:1.1.0→1.0.0:start]\nALTER TABLE notes DROP COLUMN body;\n-- [user:1.1.0→1.0.0:end]\n", "", "LDG034")]
    public void FindsWhatChangedInReleasedHistory(string what, string find, string replace, string expected)
    {
        string current = find switch
        {
            "" => Base,
            "<append>" => Base + replace,
            _ => Base.Replace(find, replace, StringComparison.Ordinal),
        };
        Assert.IsTrue(find is "" or "<append>" || current != Base, $"{what}: the replacement did not apply");

        IReadOnlyList<Diagnostic> found = Compare(Base, current);

        Assert.AreEqual(expected, LedgerText.Codes(found), $"{what}:\n{LedgerText.Describe(found)}");
    }

    [TestMethod]
    public void AVersionInsertedBelowTheLastReleasedOneIsAnErrorAtItsBlock()
    {
        // 1.0.5 between 1.0.0 and 1.1.0: the released edge 1.0.0→1.1.0 is gone too.
        string current = Base.Replace("-- [user:1.0.0→1.1.0:start]", "-- [user:1.0.5→1.1.0:start]", StringComparison.Ordinal)
            .Replace("-- [user:1.0.0→1.1.0:end]", "-- [user:1.0.5→1.1.0:end]", StringComparison.Ordinal)
            .Replace("-- [user:1.1.0→1.0.0:start]", "-- [user:1.1.0→1.0.5:start]", StringComparison.Ordinal)
            .Replace("-- [user:1.1.0→1.0.0:end]", "-- [user:1.1.0→1.0.5:end]", StringComparison.Ordinal)
            + "```sql\n" + LedgerText.Block("user", "1.0.0", "1.0.5", "CREATE TABLE late (id INTEGER);") + "```\n";

        IReadOnlyList<Diagnostic> found = Compare(Base, current);

        Diagnostic inserted = found.Single(d => d.Code == "LDG032");
        Assert.AreEqual(Severity.Error, inserted.Severity);
        Assert.AreEqual(LedgerText.LineOf(current, "-- [user:1.0.0→1.0.5:start]"), inserted.Location.Line);
        Assert.Contains("version 1.0.5 is new but below 1.1.0, which exists at origin/main", inserted.Message);
        Assert.IsTrue(found.Any(d => d.Code == "LDG031" && d.Message.Contains("user 1.0.0→1.1.0", StringComparison.Ordinal)), LedgerText.Describe(found));
    }

    [TestMethod]
    public void AnEditIsReportedAtTheFirstChangedLineWithAShortDiff()
    {
        string current = Base.Replace("ALTER TABLE notes ADD COLUMN body TEXT;", "ALTER TABLE notes ADD COLUMN body TEXT;\nCREATE INDEX notes_body ON notes (body);", StringComparison.Ordinal);

        Diagnostic edited = Compare(Base, current).Single();

        Assert.AreEqual("LDG030", edited.Code);
        Assert.AreEqual(LedgerText.LineOf(current, "CREATE INDEX notes_body"), edited.Location.Line);
        Assert.AreEqual(1, edited.Location.Column);
        Assert.Contains("block user 1.0.0→1.1.0 was edited, but it exists at origin/main", edited.Message);
        Assert.Contains("line 2 of the block: added 'CREATE INDEX notes_body ON notes (body);')", edited.Message);
    }

    [TestMethod]
    public void AnEditInsideALongLineShowsTheDifferingPartOfBoth()
    {
        const string Long = "ALTER TABLE notes ADD COLUMN body TEXT NOT NULL DEFAULT '' CHECK (length(body) < 10000);";
        string before = Base.Replace("ALTER TABLE notes ADD COLUMN body TEXT;", "-- the note's text\n" + Long, StringComparison.Ordinal);
        string current = before.Replace("< 10000", "< 20000", StringComparison.Ordinal);

        Diagnostic edited = Compare(before, current).Single();

        Assert.AreEqual(LedgerText.LineOf(current, "< 20000"), edited.Location.Line);
        Assert.Contains("(line 2 of the block: '…CHECK (length(body) < 20000);' was '…CHECK (length(body) < 10000);')", edited.Message);
    }

    [TestMethod]
    [DataRow("a line inserted before unchanged lines is added, not a change of the line it pushed down",
        "ALTER TABLE notes DROP COLUMN body;", "DROP INDEX IF EXISTS notes_body;\nALTER TABLE notes DROP COLUMN body;",
        "LDG034", "(line 1 of the block: added 'DROP INDEX IF EXISTS notes_body;')")]
    [DataRow("a change of several lines says how many after the first",
        "ALTER TABLE notes ADD COLUMN body TEXT;", "ALTER TABLE notes ADD COLUMN body BLOB;\nALTER TABLE notes ADD COLUMN tag TEXT;",
        "LDG030", "(line 1 of the block: 'ALTER TABLE notes ADD COLUMN body BLOB;' was 'ALTER TABLE notes ADD COLUMN body TEXT;'; -1 +2 lines)")]
    public void TheDiffNamesWhatWasAddedAndHowManyLinesChanged(string what, string find, string replace, string code, string diff)
    {
        Diagnostic changed = Compare(Base, Base.Replace(find, replace, StringComparison.Ordinal)).Single();

        Assert.AreEqual(code, changed.Code, what);
        Assert.Contains(diff, changed.Message, what);
    }

    [TestMethod]
    public void CrlfAndLfCheckoutsAreTheSameHistory()
    {
        string crlf = Base.ReplaceLineEndings("\r\n");

        Assert.AreEqual("", LedgerText.Codes(Compare(Base, crlf)));
        Assert.AreEqual("", LedgerText.Codes(Compare(crlf, Base)));
    }

    [TestMethod]
    public void ARemovedBlockIsReportedAtTheBlockThatNowCoversItsPlaceAndSaysWhereItWas()
    {
        string block = "-- [user:1.0.0→1.1.0:start]\nALTER TABLE notes ADD COLUMN body TEXT;\n-- [user:1.0.0→1.1.0:end]\n";
        string current = Base.Replace(block, "", StringComparison.Ordinal);

        Diagnostic removed = Compare(Base, current).First(d => d.Code == "LDG031");

        // The planned 1.1.0→1.2.0 block now follows 1.0.0 directly in the user scope.
        Assert.AreEqual(LedgerText.LineOf(current, "-- [user:1.1.0→1.2.0:start]"), removed.Location.Line);
        Assert.Contains($"(line {LedgerText.LineOf(Base, "-- [user:1.0.0→1.1.0:start]")} at origin/main) was removed", removed.Message);
    }

    [TestMethod]
    public void HistoryFindingsAreErrorsExceptTheDownBlockOne()
    {
        Assert.AreEqual(Severity.Error, RuleCatalog.ReleasedBlockEdited.DefaultSeverity);
        Assert.AreEqual(Severity.Error, RuleCatalog.ReleasedBlockRemoved.DefaultSeverity);
        Assert.AreEqual(Severity.Error, RuleCatalog.VersionInsertedInHistory.DefaultSeverity);
        Assert.AreEqual(Severity.Error, RuleCatalog.BlockAddedToReleasedEdge.DefaultSeverity);
        Assert.AreEqual(Severity.Warning, RuleCatalog.ReleasedDownBlockChanged.DefaultSeverity);
    }

    [TestMethod]
    public void TheRuleRunsThroughTheLoaderSoConfigurationAppliesToIt()
    {
        string current = Base.Replace("ADD COLUMN body TEXT;", "ADD COLUMN body BLOB;", StringComparison.Ordinal);
        var rule = new HistoryRule(LedgerDocumentReader.Read(Base, LedgerText.FileName), "origin/main");

        LoadedLedger strict = LedgerLoader.Load(current, LedgerText.FileName, LintOptions.CoreOnly with { ExtraRules = [rule] });
        LoadedLedger relaxed = LedgerLoader.Load(current, LedgerText.FileName, LintOptions.CoreOnly with
        {
            ExtraRules = [rule],
            SeverityOverrides = new Dictionary<string, Severity?> { ["LDG030"] = Severity.Warning },
        });

        Assert.IsTrue(strict.HasErrors);
        Assert.IsFalse(relaxed.HasErrors);
        Assert.AreEqual(Severity.Warning, relaxed.Diagnostics.Single(d => d.Code == "LDG030").Severity);
    }

    private static IReadOnlyList<Diagnostic> Compare(string before, string after) =>
        HistoryComparer.Compare(LedgerDocumentReader.Read(before, LedgerText.FileName), LedgerDocumentReader.Read(after, LedgerText.FileName), "origin/main");
}
