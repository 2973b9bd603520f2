using Ledger.Diagnostics;
using Ledger.Linting;
using Ledger.Sqlite.Linting;

namespace Ledger.Sqlite.Tests.Linting;

/// <summary>The SQL check runs each down block on the schema its step reached and compares the result with the schema before the step.</summary>
[TestClass]
public sealed class DownBlockCheckTests
{
    private static string Ledger(string down) => $"""
        ```sql
        -- [user:baseline→1.0.0:start]
        CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
        -- [user:baseline→1.0.0:end]
        ```

        ```sql
        -- [user:1.0.0→1.1.0:start]
        ALTER TABLE notes ADD COLUMN title TEXT;
        CREATE INDEX notes_title ON notes(title);
        CREATE TABLE tags (id INTEGER PRIMARY KEY);
        -- [user:1.0.0→1.1.0:end]
        ```

        ```sql
        -- [user:1.1.0→1.0.0:start]
        {down}
        -- [user:1.1.0→1.0.0:end]
        ```

        ```sql
        -- [user:1.1.0→1.2.0:start]
        CREATE TABLE later (id INTEGER);
        -- [user:1.1.0→1.2.0:end]
        ```
        """;

    private static List<Diagnostic> Findings(string ledger) =>
        LedgerLoader.Load(ledger, "MIGRATIONS.md", SqliteLint.Options(new SqlReplayRule()))
            .Diagnostics.Where(d => d.Code is "LDG022" or "LDG028").ToList();

    [TestMethod]
    public void ADownBlockThatRestoresTheSchemaIsClean()
    {
        List<Diagnostic> findings = Findings(Ledger("DROP TABLE tags;\nDROP INDEX notes_title;\nALTER TABLE notes DROP COLUMN title;"));

        Assert.IsEmpty(findings, string.Join("\n", findings));
    }

    [TestMethod]
    [DataRow("DROP INDEX notes_title;\nALTER TABLE notes DROP COLUMN title;", "table tags is still there")]
    [DataRow("DROP TABLE tags;\nDROP INDEX notes_title;", "table notes is '…PRIMARY KEY, body TEXT, title TEXT)' instead of '…PRIMARY KEY, body TEXT)'")]
    [DataRow("DROP TABLE tags;\nDROP TABLE notes;\nCREATE TABLE notes (id INTEGER PRIMARY KEY);", "table notes is")]
    public void ADownBlockThatLeavesADifferentSchemaIsAWarningWithTheFirstDifference(string down, string difference)
    {
        Diagnostic finding = Findings(Ledger(down)).Single();

        Assert.AreEqual("LDG028", finding.Code);
        Assert.AreEqual(Severity.Warning, finding.Severity);
        Assert.AreEqual(16, finding.Location.Line, "at the down block's start tag");
        StringAssert.Contains(finding.Message, "does not bring the schema back to 1.0.0");
        StringAssert.Contains(finding.Message, difference);
    }

    [TestMethod]
    public void ADownStatementSqliteRejectsIsAnSqlErrorAndTheReplayGoesOn()
    {
        string ledger = Ledger("DROP TABLE tagz;");
        Diagnostic finding = Findings(ledger).Single();

        Assert.AreEqual("LDG022", finding.Code);
        Assert.AreEqual(17, finding.Location.Line);
        StringAssert.Contains(finding.Message, "no such table: tagz");
        StringAssert.Contains(finding.Message, "down block of user 1.0.0→1.1.0");
    }
}
