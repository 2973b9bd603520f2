namespace Ledger.Sqlite.Tests.Linting;

/// <summary>
/// Golden files of <c>TestData/Lint</c> (<see cref="GoldenFiles"/>), linted as <c>ledger lint --no-sql-check</c> lints
/// a ledger of SQLite scopes: Core's rules and the SQLite engine's.
/// </summary>
[TestClass]
public sealed class LintGoldenTests
{
    private const string Folder = "Lint";

    public static IEnumerable<object[]> Cases => GoldenFiles.Cases(Folder);

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void FindingsMatchTheGoldenFile(string name) => GoldenFiles.Check(Folder, name, SqliteLint.Options());

    [TestMethod]
    public void EveryCaseHasAGoldenFile() =>
        Assert.IsEmpty(GoldenFiles.WithoutGoldenFile(Folder), "cases without golden files: " + string.Join(", ", GoldenFiles.WithoutGoldenFile(Folder)));
}
