using Ledger.Sqlite.Linting;

namespace Ledger.Sqlite.Tests.Linting;

/// <summary>
/// The corpus: ledgers written from real open-source projects' SQLite migration histories (<c>TestData/Corpus</c>, each
/// citing its project, files and commit), linted as <c>ledger lint</c> lints them with the SQL check. Each golden file
/// holds every finding, so a new false positive fails the test as surely as a lost true one.
/// </summary>
[TestClass]
public sealed class CorpusTests
{
    private const string Folder = "Corpus";

    public static IEnumerable<object[]> Cases => GoldenFiles.Cases(Folder);

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void FindingsMatchTheGoldenFile(string name) => GoldenFiles.Check(Folder, name, SqliteLint.Options(new SqlReplayRule()));

    [TestMethod]
    public void EveryLedgerHasAGoldenFile() =>
        Assert.IsEmpty(GoldenFiles.WithoutGoldenFile(Folder), "ledgers without golden files: " + string.Join(", ", GoldenFiles.WithoutGoldenFile(Folder)));

    [TestMethod]
    public void TheCorpusHasAtLeastTenLedgers() => Assert.IsGreaterThanOrEqualTo(10, Cases.Count());
}
