using System.Security.Cryptography;

namespace Ledger.Cli.Tests;

/// <summary><c>ledger rollback</c> and <c>plan --rollback-to</c> on the repository's demo ledger, as a user runs them.</summary>
[TestClass]
public sealed class RollbackCommandTests
{
    private static TempDirectory Demo() => DemoLedger.Copy();

    private static string SystemDb(TempDirectory dir) => Path.Combine(dir.Path, "data", "system.db");

    private static string UserDb(TempDirectory dir, string user) => Path.Combine(dir.Path, "data", "users", user + ".db");

    private static List<string> Schema(string path) =>
        TestDb.Column(path, "SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master " +
                         "WHERE name NOT LIKE 'sqlite_%' AND name <> 'ledger_history' ORDER BY type, name");

    private static SortedDictionary<string, string> Hashes(string folder) =>
        new(Directory.EnumerateFiles(folder, "*.db", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))), StringComparer.Ordinal);

    [TestMethod]
    public void TheDemoRollsBackToTheSchemaOfADatabaseTakenStraightThereAndAppliesAgain()
    {
        using TempDirectory dir = Demo();
        Assert.AreEqual(0, LedgerProcess.Run(dir.Path, "apply").ExitCode);
        TestDb.Execute(UserDb(dir, "alice"), "INSERT INTO tasks (title, priority) VALUES ('keep me', 2)");

        ProcessResult plan = LedgerProcess.Run(dir.Path, "plan", "--rollback-to", "1.3.0");
        ProcessResult back = LedgerProcess.Run(dir.Path, "rollback", "--to", "1.3.0", "--no-backup");

        Assert.AreEqual(0, plan.ExitCode, plan.ToString());
        Assert.Contains("user alice: 1.5.0 → 1.3.0, 2 step(s) back", plan.Out);
        Assert.IsLessThan(plan.Out.IndexOf("system (", StringComparison.Ordinal), plan.Out.IndexOf("user alice", StringComparison.Ordinal), "users are listed first, as they run");
        Assert.AreEqual(0, back.ExitCode, back.ToString());
        Assert.Contains("rollback to 1.3.0: 3 rolled back, 0 already there, 0 failed, 0 skipped (of 3 user databases); system rolled back", back.Out);

        using var straight = new TempDirectory();
        straight.Write("MIGRATIONS.md", File.ReadAllText(Path.Combine(dir.Path, "MIGRATIONS.md")));
        straight.Write("ledger.json", File.ReadAllText(Path.Combine(dir.Path, "ledger.json")));
        Assert.AreEqual(0, LedgerProcess.Run(straight.Path, "apply", "--target", "1.3.0").ExitCode);
        CollectionAssert.AreEqual(Schema(SystemDb(straight)), Schema(SystemDb(dir)));
        foreach (string user in new[] { "alice", "bob", "carol" })
        {
            CollectionAssert.AreEqual(Schema(UserDb(straight, user)), Schema(UserDb(dir, user)), user);
            Assert.AreEqual("1.3.0", TestDb.Scalar(UserDb(dir, user), "SELECT max(to_version) FROM ledger_history"));
        }

        Assert.AreEqual("keep me", TestDb.Scalar(UserDb(dir, "alice"), "SELECT title FROM tasks"));

        ProcessResult again = LedgerProcess.Run(dir.Path, "apply", "--no-backup");
        Assert.AreEqual(0, again.ExitCode, again.ToString());
        Assert.Contains("3 migrated", again.Out);
    }

    [TestMethod]
    public void RollbackResultsSayRolledBackInTextAndJsonAndListEveryScopeInDeclaredOrder()
    {
        using TempDirectory dir = Demo();
        Assert.AreEqual(0, LedgerProcess.Run(dir.Path, "apply").ExitCode);

        ProcessResult back = LedgerProcess.Run(dir.Path, "rollback", "--to", "1.3.0", "--no-backup", "--format", "json");

        Assert.AreEqual(0, back.ExitCode, back.ToString());
        using System.Text.Json.JsonDocument json = System.Text.Json.JsonDocument.Parse(back.Out);
        System.Text.Json.JsonElement root = json.RootElement;
        Assert.AreEqual("down", root.GetProperty("direction").GetString());
        Assert.AreEqual("rolledBack", root.GetProperty("system").GetProperty("outcome").GetString());
        Assert.IsTrue(root.GetProperty("users").EnumerateArray().All(u => u.GetProperty("outcome").GetString() == "rolledBack"), back.Out);
        Assert.AreEqual(3, root.GetProperty("summary").GetProperty("rolledBack").GetInt32());
        Assert.AreEqual(0, root.GetProperty("summary").GetProperty("migrated").GetInt32(), "a rollback migrates nothing");
        string[] scopes = root.GetProperty("scopes").EnumerateArray().Select(s => s.GetProperty("name").GetString()!).ToArray();
        CollectionAssert.AreEqual(new[] { "system", "user" }, scopes);
        Assert.AreEqual("rolledBack", root.GetProperty("scopes")[0].GetProperty("database").GetProperty("outcome").GetString());
        Assert.AreEqual(3, root.GetProperty("scopes")[1].GetProperty("summary").GetProperty("rolledBack").GetInt32());
        Assert.StartsWith("system (data/system.db): rolled back 1.5.0 → 1.3.0", back.Error.Split('\n').First(l => l.StartsWith("system", StringComparison.Ordinal)), back.Error);
    }

    [TestMethod]
    public void RollingBackAcrossAStepWithoutADownBlockIsRefusedAndNoDatabaseChanges()
    {
        using TempDirectory dir = Demo();
        Assert.AreEqual(0, LedgerProcess.Run(dir.Path, "apply").ExitCode);
        SortedDictionary<string, string> before = Hashes(dir.Path);

        ProcessResult refused = LedgerProcess.Run(dir.Path, "rollback", "--to", "1.2.0");

        Assert.AreEqual(1, refused.ExitCode, refused.ToString());
        Assert.Contains("rollback refused before any database was changed", refused.Out);
        Assert.Contains("step user 1.2.0→1.3.0 has SQL", refused.Out);
        CollectionAssert.AreEqual(before, Hashes(dir.Path));
        Assert.IsFalse(Directory.Exists(Path.Combine(dir.Path, "data", "users", ".ledger-backups")), "no backup either: nothing was going to change");
    }

    [TestMethod]
    [DataRow("9.9.9", "is not a version of MIGRATIONS.md")]
    [DataRow("v1", "--to:")]
    public void AVersionOffTheLineIsAUsageError(string to, string message)
    {
        using TempDirectory dir = Demo();

        ProcessResult result = LedgerProcess.Run(dir.Path, "rollback", "--to", to);

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.Contains(message, result.Error);
        Assert.IsFalse(Directory.Exists(Path.Combine(dir.Path, "data")), "no database was created");
    }
}
