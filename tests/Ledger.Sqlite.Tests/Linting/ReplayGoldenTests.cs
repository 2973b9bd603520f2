using Ledger.Sqlite.Linting;

namespace Ledger.Sqlite.Tests.Linting;

/// <summary>
/// Golden files of <c>TestData/Replay</c> (<see cref="GoldenFiles"/>), linted as <c>ledger lint</c> lints a ledger of
/// SQLite scopes with the SQL check: Core's rules, the SQLite engine's and the replay (<see cref="SqlReplayRule"/>).
/// Each finding of the replay has a case that fails and one that passes.
/// </summary>
[TestClass]
public sealed class ReplayGoldenTests
{
    private const string Folder = "Replay";

    public static IEnumerable<object[]> Cases => GoldenFiles.Cases(Folder);

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void FindingsMatchTheGoldenFile(string name) => GoldenFiles.Check(Folder, name, SqliteLint.Options(new SqlReplayRule()));

    [TestMethod]
    public void EveryCaseHasAGoldenFile() =>
        Assert.IsEmpty(GoldenFiles.WithoutGoldenFile(Folder), "cases without golden files: " + string.Join(", ", GoldenFiles.WithoutGoldenFile(Folder)));
}
