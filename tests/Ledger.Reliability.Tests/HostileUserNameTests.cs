using Microsoft.Data.Sqlite;

namespace Ledger.Reliability.Tests;

/// <summary>
/// Spec §2.1 through the built tool: hostile user names from the users query or from file names are rejected (exit 1,
/// a message each) and nothing is created anywhere — not under the working folder, not beside it, not at an absolute path.
/// </summary>
[TestClass]
public sealed class HostileUserNameTests
{
    [TestMethod]
    public void HostileNamesFromTheUsersQueryAreRejectedAndCreateNoFileAnywhere()
    {
        using var dir = new TempDirectory();
        dir.Write("ledger.json", Config.Users(query: "SELECT name FROM accounts ORDER BY rowid"));
        dir.Write("MIGRATIONS.md", """
            # Hostile

            ```sql
            -- [system:baseline→1.0.0:start]
            CREATE TABLE settings (k TEXT);
            -- [system:baseline→1.0.0:end]
            ```

            ```sql
            -- [user:baseline→1.0.0:start]
            CREATE TABLE notes (id INTEGER PRIMARY KEY);
            -- [user:baseline→1.0.0:end]
            ```
            """);
        string system = dir.Full("data/system.db");
        Directory.CreateDirectory(Path.GetDirectoryName(system)!);
        using (var connection = new SqliteConnection($"Data Source={system};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE accounts (name)";
            create.ExecuteNonQuery();
            foreach (string name in HostileNames.UserNames.Prepend("alice").Append("bob"))
            {
                using SqliteCommand insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO accounts VALUES ($name)";
                insert.Parameters.AddWithValue("$name", name);
                insert.ExecuteNonQuery();
            }
        }

        List<string> before = dir.Entries();
        string[] outside = ["/abs-ledger-reliability.db", "/tmp/abs-ledger-reliability.db", Path.Combine(dir.Parent, "x.db"), Path.Combine(dir.Path, "data", "x.db"),
            Path.Combine(Path.GetDirectoryName(dir.Parent)!, "escape.db"), Path.Combine(dir.Path, "escape.db")];
        List<string> parentOfRoot = Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(dir.Parent)!).Where(e => !e.StartsWith(dir.Parent, StringComparison.Ordinal))
            .Where(e => !Path.GetFileName(e).All(char.IsAsciiHexDigit)).ToList();

        ProcessResult run = LedgerProcess.Run(dir.Path, "apply", "--format", "json");

        Assert.AreEqual(1, run.ExitCode, run.ToString());
        int rejected = System.Text.RegularExpressions.Regex.Matches(run.Out, "is rejected").Count;
        Assert.AreEqual(HostileNames.UserNames.Length, rejected, $"every hostile name has its message\n{run}");
        Assert.DoesNotContain("\0", run.Out, "a NUL is never printed raw");
        CollectionAssert.AreEqual(
            before.Concat([Path.Combine("work", "data", "users"), Path.Combine("work", "data", "users", "alice.db"), Path.Combine("work", "data", "users", "bob.db")])
                .Order(StringComparer.Ordinal).ToList(),
            dir.Entries(), "only the two valid users' databases may be created");
        foreach (string file in outside) Assert.IsFalse(File.Exists(file), $"{file} must not be created");
        CollectionAssert.AreEqual(parentOfRoot, Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(dir.Parent)!)
            .Where(e => !e.StartsWith(dir.Parent, StringComparison.Ordinal)).Where(e => !Path.GetFileName(e).All(char.IsAsciiHexDigit)).ToList(),
            "nothing created beside the test's folder");
        Reliability.Figure("hostile-names", $"{HostileNames.UserNames.Length} hostile user names from a users query: all rejected with exit 1, no file created anywhere");
    }

    [TestMethod]
    public void HostileFileNamesFoundByAGlobAreRejectedAndLeftAsTheyWere()
    {
        using var dir = new TempDirectory();
        dir.Write("ledger.json", """{ "users": { "glob": "data/users/*.db" }, "backup": { "enabled": false } }""");
        dir.Write("MIGRATIONS.md", """
            # Glob

            ```sql
            -- [user:baseline→1.0.0:start]
            CREATE TABLE notes (id INTEGER PRIMARY KEY);
            -- [user:baseline→1.0.0:end]
            ```
            """);
        string[] names = ["alice", "..", " ", "a.", "CON", "nul", "\uFF41lice", "\u0430lice", "-rf", "alice ", new string('a', 200), "a\\b"];
        foreach (string name in names) dir.Write(Path.Combine("data", "users", name + ".db"), "");
        var before = TestDb.Fingerprint(dir.Full("data/users"));

        ProcessResult run = LedgerProcess.Run(dir.Path, "apply");

        Assert.AreEqual(1, run.ExitCode, run.ToString());
        // '...db' is a hidden file (its name starts with a dot): the glob does not list it at all.
        Assert.AreEqual(names.Length - 2, System.Text.RegularExpressions.Regex.Matches(run.Out, "is rejected").Count, run.ToString());
        var after = TestDb.Fingerprint(dir.Full("data/users"));
        CollectionAssert.AreEquivalent(before.Keys.ToList(), after.Keys.ToList(), "no file created");
        foreach (string name in names.Skip(1)) Assert.AreEqual(before[name + ".db"], after[name + ".db"], $"'{name}.db' was written");
        Assert.AreEqual("1", TestDb.Scalar(dir.Full("data/users/alice.db"), "SELECT count(*) FROM ledger_history"));
        Reliability.Figure("hostile-names", $"{names.Length - 2} hostile file names found by a glob: all rejected, none written (and '...db', a hidden file, not listed)");
    }
}
