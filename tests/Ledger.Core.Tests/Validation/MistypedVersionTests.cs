using Ledger.Diagnostics;
using Ledger.Linting;
using static Ledger.Testing.LedgerText;

namespace Ledger.Tests.Validation;

/// <summary>A version mistyped in one tag pair is one finding with "did you mean", not the gaps and skips it causes.</summary>
[TestClass]
public sealed class MistypedVersionTests
{
    private const string Create = "CREATE TABLE t (id INTEGER PRIMARY KEY);";

    /// <summary>baseline→1.3.0→1.4.0→1.5.0, with a down block for 1.4.0→1.5.0.</summary>
    private static readonly string Good =
        Section("baseline", "1.3.0", ("system", Create)) +
        Section("1.3.0", "1.4.0", ("system", "CREATE TABLE b (id INTEGER);"), ("user", "CREATE TABLE u (id INTEGER);")) +
        Section("1.4.0", "1.5.0", ("system", "CREATE TABLE c (id INTEGER);")) +
        FencedBlock("system", "1.5.0", "1.4.0", "DROP TABLE c;");

    private static Diagnostic[] Errors(string text) => [.. Load(text).Diagnostics.Where(d => d.Severity == Severity.Error)];

    [TestMethod]
    public void TheLedgerAsMeantIsValid() => Assert.IsEmpty(Errors(Good));

    [TestMethod]
    public void AToVersionEditedByOneDigitIsOneFindingAtItsTextWithDidYouMean()
    {
        string text = Good.Replace("system:1.3.0→1.4.0:", "system:1.3.0→1.4.1:", StringComparison.Ordinal);

        Diagnostic finding = Errors(text).Single();

        Assert.AreEqual("LDG012", finding.Code);
        Assert.AreEqual(LineOf(text, "-- [system:1.3.0→1.4.1:start]"), finding.Location.Line);
        Assert.AreEqual("-- [system:1.3.0→".Length + 1, finding.Location.Column, "at the version's text");
        StringAssert.StartsWith(finding.Message, "version 1.4.1 appears only in system 1.3.0→1.4.1, and with it the version line breaks (");
        StringAssert.EndsWith(finding.Message, "; did you mean 1.4.0?");
    }

    [TestMethod]
    public void AFromVersionEditedByOneComponentIsFoundToo()
    {
        string text = Good.Replace("system:1.4.0→1.5.0:", "system:1.4.22→1.5.0:", StringComparison.Ordinal)
            .Replace("system:1.5.0→1.4.0:", "system:1.5.0→1.4.22:", StringComparison.Ordinal);

        Diagnostic finding = Errors(text).Single();

        Assert.AreEqual("LDG012", finding.Code);
        Assert.AreEqual(LineOf(text, "-- [system:1.4.22→1.5.0:start]"), finding.Location.Line);
        Assert.AreEqual("-- [system:".Length + 1, finding.Location.Column);
        StringAssert.Contains(finding.Message, "version 1.4.22 appears only in system 1.4.22→1.5.0");
        StringAssert.EndsWith(finding.Message, "did you mean 1.4.0?");
    }

    [TestMethod]
    public void AGapBetweenTwoVersionsThatOneEdgeEachNamesIsAPlainGap()
    {
        string text = Section("baseline", "1.0.0", ("system", Create)) +
            Section("1.0.0", "1.1.0", ("system", "CREATE TABLE b (id INTEGER);")) +
            Section("1.2.0", "1.3.0", ("system", "CREATE TABLE c (id INTEGER);"));

        Diagnostic finding = Errors(text).Single();

        Assert.AreEqual("gap in the version line: no block of any scope leads from 1.1.0 to 1.2.0; add a step 1.1.0→1.2.0", finding.Message);
    }

    [TestMethod]
    public void AVersionTooFarFromAnyOtherIsNotGuessed()
    {
        string text = Good.Replace("system:1.3.0→1.4.0:", "system:1.3.0→1.4.7-rc.1:", StringComparison.Ordinal);

        Diagnostic[] errors = Errors(text);

        Assert.IsTrue(errors.Length > 1, Describe(errors));
        Assert.IsFalse(errors.Any(d => d.Message.Contains("did you mean", StringComparison.Ordinal)), Describe(errors));
    }

    [TestMethod]
    public void ADownBlockWithAMistypedVersionIsReportedAtItWithTheEdgeItProbablyUndoes()
    {
        string text = Good.Replace("system:1.5.0→1.4.0:", "system:1.5.0→1.4.1:", StringComparison.Ordinal);

        Diagnostic finding = Errors(text).Single();

        Assert.AreEqual("LDG014", finding.Code);
        Assert.AreEqual(LineOf(text, "-- [system:1.5.0→1.4.1:start]"), finding.Location.Line);
        Assert.AreEqual("-- [system:1.5.0→".Length + 1, finding.Location.Column);
        StringAssert.EndsWith(finding.Message,
            $"there is no system block 1.4.1→1.5.0; did you mean 1.5.0→1.4.0, the down block of system 1.4.0→1.5.0 (line {LineOf(text, "-- [system:1.4.0→1.5.0:start]")})?");
    }

    [TestMethod]
    public void ADownBlockWhoseForwardEdgeIsOffTheLineSaysSoInsteadOfDenyingItExists()
    {
        string text = Section("baseline", "1.0.0", ("system", Create), ("user", Create)) +
            Section("1.0.0", "1.1.0", ("user", "CREATE TABLE b (id INTEGER);")) +
            Section("1.1.0", "1.2.0", ("user", "CREATE TABLE c (id INTEGER);")) +
            Section("1.0.0", "1.2.0", ("system", "CREATE TABLE d (id INTEGER);")) +
            FencedBlock("system", "1.2.0", "1.0.0", "DROP TABLE d;");

        Diagnostic orphan = Errors(text).Single(d => d.Code == "LDG014");

        Assert.AreEqual(
            $"backwards edge system 1.2.0→1.0.0 is not the down block of a forward edge: its forward edge system 1.0.0→1.2.0 (line {LineOf(text, "-- [system:1.0.0→1.2.0:start]")}) " +
            "does not join neighbouring versions, so it is not a step (see the finding there)", orphan.Message);
    }
}
