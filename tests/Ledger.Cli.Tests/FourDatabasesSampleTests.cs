namespace Ledger.Cli.Tests;

/// <summary>
/// samples/four-databases, run by the built tool from a copy: applied from empty in the declared order (system,
/// settings, every user, every cache file), and <c>--scope</c> limits a run to the scopes chosen.
/// </summary>
[TestClass]
public sealed class FourDatabasesSampleTests
{
    private static readonly string Sample = Path.Combine(LedgerProcess.RepositoryRoot(), "samples", "four-databases");

    private static readonly string[] Users = ["users/eu/ada.db", "users/us/grace.db", "users/eu/linus.db"];

    /// <summary>A copy of the sample, with one cache file the app has made (an empty file is an empty database).</summary>
    private static TempDirectory Copy()
    {
        var dir = new TempDirectory();
        foreach (string file in new[] { "ledger.json", "MIGRATIONS.md" }) File.Copy(Path.Combine(Sample, file), Path.Combine(dir.Path, file));
        dir.Write("data/cache/thumbnails.db", "");
        return dir;
    }

    private static string Data(TempDirectory dir, string file) => Path.Combine(dir.Path, "data", file);

    /// <summary>The scope, version and first and last applied_at of a database's journal.</summary>
    private static (string Scope, string Version, string First, string Last) Journal(TempDirectory dir, string file) =>
        !File.Exists(Data(dir, file)) ? throw new AssertFailedException($"data/{file} was not created") :
        (TestDb.Scalar(Data(dir, file), "SELECT group_concat(DISTINCT scope) FROM ledger_history"),
         TestDb.Scalar(Data(dir, file), "SELECT to_version FROM ledger_history ORDER BY rowid DESC LIMIT 1"),
         TestDb.Scalar(Data(dir, file), "SELECT min(applied_at) FROM ledger_history"),
         TestDb.Scalar(Data(dir, file), "SELECT max(applied_at) FROM ledger_history"));

    [TestMethod]
    public void TheSampleAppliesFromEmptyInTheDeclaredOrder()
    {
        using TempDirectory dir = Copy();

        ProcessResult run = LedgerProcess.Run(dir.Path, "apply");

        Assert.AreEqual(0, run.ExitCode, run.ToString());
        var system = Journal(dir, "system.db");
        var settings = Journal(dir, "settings.db");
        var users = Users.Select(u => Journal(dir, u)).ToArray();
        var cache = Journal(dir, "cache/thumbnails.db");
        Assert.AreEqual(("system", "1.1.0"), (system.Scope, system.Version));
        Assert.AreEqual(("settings", "1.1.0"), (settings.Scope, settings.Version));
        Assert.IsTrue(users.All(u => (u.Scope, u.Version) == ("user", "1.1.0")), string.Join("; ", users));
        Assert.AreEqual(("cache", "1.1.0"), (cache.Scope, cache.Version));
        Assert.AreEqual("light", TestDb.Scalar(Data(dir, "settings.db"), "SELECT value FROM settings WHERE key = 'theme'"));

        // Each scope is brought to the target before the next starts.
        Assert.IsLessThanOrEqualTo(0, string.CompareOrdinal(system.Last, settings.First), $"system {system.Last} before settings {settings.First}");
        foreach (var user in users)
        {
            Assert.IsLessThanOrEqualTo(0, string.CompareOrdinal(settings.Last, user.First), $"settings {settings.Last} before a user {user.First}");
            Assert.IsLessThanOrEqualTo(0, string.CompareOrdinal(user.Last, cache.First), $"a user {user.Last} before the cache {cache.First}");
        }

        ProcessResult again = LedgerProcess.Run(dir.Path, "apply");
        Assert.AreEqual(0, again.ExitCode, again.ToString());
    }

    [TestMethod]
    public void ScopeLimitsARunToTheChosenScopes()
    {
        using TempDirectory dir = Copy();

        ProcessResult settings = LedgerProcess.Run(dir.Path, "apply", "--scope", "settings");

        Assert.AreEqual(0, settings.ExitCode, settings.ToString());
        Assert.AreEqual("1.1.0", Journal(dir, "settings.db").Version);
        Assert.IsFalse(File.Exists(Data(dir, "system.db")), "system is not chosen");
        Assert.AreEqual("0", TestDb.Scalar(Data(dir, "cache/thumbnails.db"), "SELECT count(*) FROM sqlite_master"), "cache is not chosen");

        ProcessResult cacheAndSystem = LedgerProcess.Run(dir.Path, "apply", "--scope", "cache", "--scope", "system");

        Assert.AreEqual(0, cacheAndSystem.ExitCode, cacheAndSystem.ToString());
        Assert.AreEqual("1.1.0", Journal(dir, "system.db").Version);
        Assert.AreEqual("1.1.0", Journal(dir, "cache/thumbnails.db").Version);
        Assert.IsFalse(Directory.Exists(Data(dir, "users")), "user is not chosen: no user database is created");

        ProcessResult user = LedgerProcess.Run(dir.Path, "apply", "--scope", "user");

        Assert.AreEqual(0, user.ExitCode, user.ToString());
        Assert.IsTrue(Users.All(u => Journal(dir, u).Version == "1.1.0"), "the users are listed from system, which is not chosen (read only)");
        Assert.AreEqual(1, int.Parse(TestDb.Scalar(Data(dir, "system.db"), "SELECT count(*) FROM ledger_history WHERE to_version = '1.1.0'")),
            "system is not migrated again");
    }
}
