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

    /// <summary>baseline→1.0.0→1.1.0→1.2.0, each step under a heading naming the version it reaches (as the reproducers of the review).</summary>
    private static string Headed(string first, string second, string third) =>
        "## 1.0.0\n\n" + FencedBlock("system", "baseline", first, Create) +
        "\n## 1.1.0\n\n" + FencedBlock("system", second.Split('→')[0], second.Split('→')[1], "CREATE TABLE b (id INTEGER);") +
        "\n## 1.2.0\n\n" + FencedBlock("system", third, "1.2.0", "CREATE TABLE c (id INTEGER);");

    [TestMethod]
    public void AFromVersionNamedByOneBlockIsFoundWhenTheHeadingsNameTheVersionMeant()
    {
        string text = Headed("1.0.0", "1.0.1→1.1.0", "1.1.0");

        Diagnostic finding = Errors(text).Single();

        Assert.AreEqual("LDG012", finding.Code);
        Assert.AreEqual(LineOf(text, "-- [system:1.0.1→1.1.0:start]"), finding.Location.Line);
        Assert.AreEqual("-- [system:".Length + 1, finding.Location.Column);
        Assert.AreEqual("version 1.0.1 appears only in system 1.0.1→1.1.0, and with it the version line breaks " +
            "(no step leads from 1.0.0 to 1.0.1); did you mean 1.0.0?", finding.Message);
    }

    [TestMethod]
    public void ADroppedDigitIsFoundAtItsTagAndTheCorrectTagAfterItIsNotAccused()
    {
        string text = Headed("1.0.0", "1.0.0→1.10", "1.1.0");

        Diagnostic finding = Errors(text).Single();

        Assert.AreEqual(LineOf(text, "-- [system:1.0.0→1.10:start]"), finding.Location.Line);
        Assert.AreEqual("-- [system:1.0.0→".Length + 1, finding.Location.Column);
        StringAssert.StartsWith(finding.Message, "version 1.10.0 appears only in system 1.0.0→1.10.0,");
        StringAssert.EndsWith(finding.Message, "did you mean 1.1.0?");
    }

    [TestMethod]
    public void ACorrectTagIsNotAccusedWhenTheTypoCannotBeFound()
    {
        // 1.10.5 is no edit away from any version; reading the correct 1.1.0→1.2.0 as 1.0.0→1.2.0 would remove one gap,
        // but leave its other end 1.2.0 inside the remaining problems.
        string text = Headed("1.0.0", "1.0.0→1.10.5", "1.1.0");

        Diagnostic[] errors = Errors(text);

        Assert.IsFalse(errors.Any(d => d.Message.Contains("did you mean", StringComparison.Ordinal)), Describe(errors));
    }

    [TestMethod]
    public void BothVersionsOfOneTagMistypedAreOneFindingWithTheEdgeMeant()
    {
        string text = Headed("1.0.0", "1.0.1→1.1.1", "1.1.0");

        Diagnostic finding = Errors(text).Single();

        Assert.AreEqual(LineOf(text, "-- [system:1.0.1→1.1.1:start]"), finding.Location.Line);
        Assert.AreEqual("-- [system:".Length + 1, finding.Location.Column);
        StringAssert.StartsWith(finding.Message, "versions 1.0.1 and 1.1.1 appear only in system 1.0.1→1.1.1, and with them the version line breaks (");
        StringAssert.EndsWith(finding.Message, "did you mean 1.0.0→1.1.0?");
    }

    [TestMethod]
    public void AGapBetweenTwoVersionsThatHeadingsNameEquallyIsAPlainGap()
    {
        // As the from typo above, but a heading names 1.0.1 too: a step 1.0.0→1.0.1 may just as well be missing.
        string text = Headed("1.0.0", "1.0.1→1.1.0", "1.1.0").Replace("## 1.1.0", "## 1.0.1 and 1.1.0", StringComparison.Ordinal);

        Diagnostic finding = Errors(text).Single();

        Assert.AreEqual("gap in the version line: no block of any scope leads from 1.0.0 to 1.0.1; add a step 1.0.0→1.0.1", finding.Message);
    }

    [TestMethod]
    public void AGapNextToATagThatCouldNotBeReadIsNotGuessedAsATypo()
    {
        // The 1.0.0→1.1.0 block is lost to its malformed tags; reading the correct 1.1.0→1.2.0 as 1.0.0→1.2.0 would close
        // the gap it leaves, but the tag to fix is the malformed one.
        string text = Headed("1.0.0", "1.0.0→1.1.0", "1.1.0").Replace("1.0.0→1.1.0:", "1.0.0⇒1.1.0:", StringComparison.Ordinal);

        Diagnostic[] errors = Errors(text);

        Assert.AreEqual("LDG001,LDG001,LDG012", Codes(errors), Describe(errors));
        Assert.AreEqual("gap in the version line: no block of any scope leads from 1.0.0 to 1.1.0; add a step 1.0.0→1.1.0", errors[2].Message);
    }
}
