namespace Ledger.Cli.Tests;

/// <summary>
/// Scopes declared in ledger.json: read in the file's order, every problem a configuration error (exit 2) naming the
/// file, the setting and its line; <c>--scope</c> on the database verbs with "did you mean"; tags may name only the
/// declared scopes.
/// </summary>
[TestClass]
public sealed class ScopeConfigTests
{
    private const string Ledger = """
        # App

        ### Migration: baseline → 1.0.0

        ```sql
        -- [system:baseline→1.0.0:start]
        CREATE TABLE users (username TEXT PRIMARY KEY);
        INSERT INTO users VALUES ('alice');
        -- [system:baseline→1.0.0:end]
        ```

        ```sql
        -- [settings:baseline→1.0.0:start]
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT);
        -- [settings:baseline→1.0.0:end]
        ```
        """;

    private const string TwoScopes = """
        {
          "scopes": {
            "system": { "database": "data/system.db" },
            "settings": { "database": "data/settings.db" }
          },
          "backup": { "enabled": false }
        }
        """;

    [TestMethod]
    public void LintRefusesAnUnknownEngineAsAConfigurationErrorNamingItsLine()
    {
        using TempDirectory dir = Project("""
            {
              "scopes": {
                "system": { "database": "data/system.db" },
                "settings": { "database": "data/settings.db",
                              "engine": "sqlit" }
              }
            }
            """);

        ProcessResult run = LedgerProcess.Run(dir.Path, "lint");

        Assert.AreEqual(2, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Error, "ledger.json:5: scopes.settings.engine: unknown engine 'sqlit'; did you mean 'sqlite'?", run.ToString());
    }

    /// <summary>
    /// The database verbs check the ledger against every scope tags may use, as lint does: with the legacy settings
    /// giving only a system database, a SQLite rule's error in a user block (VACUUM in a transaction, LDG017) stops
    /// apply before anything is opened, as lint reports it. (Before, apply checked only the configured scopes' blocks
    /// with SQLite's rules and migrated the system database.)
    /// </summary>
    [TestMethod]
    public void ApplyRefusesWhatLintReportsInTheBlocksOfAScopeTheLegacySettingsLeaveOut()
    {
        using var dir = new TempDirectory();
        dir.Write("MIGRATIONS.md", "# Migrations\n\n" +
            Ledgers.Reversible("system", "baseline", "1.0.0", "CREATE TABLE t (id INTEGER);", "DROP TABLE t;") + "\n" +
            Ledgers.Reversible("user", "baseline", "1.0.0", "CREATE TABLE n (id INTEGER);\nVACUUM;", "DROP TABLE n;"));

        ProcessResult lint = LedgerProcess.Run(dir.Path, "lint", "--no-sql-check");
        ProcessResult apply = LedgerProcess.Run(dir.Path, "apply", "--system", "s.db", "--no-backup");

        Assert.AreEqual(1, lint.ExitCode, lint.ToString());
        StringAssert.Contains(lint.Out, "LDG017", lint.ToString());
        Assert.AreEqual(1, apply.ExitCode, apply.ToString());
        StringAssert.Contains(apply.Error, "LDG017", apply.ToString());
        Assert.IsFalse(File.Exists(dir.Full("s.db")), "nothing is opened: " + apply);
    }

    /// <summary>A system database and a set 'cache' found by a glob.</summary>
    private const string CacheSet = """
        {
          "scopes": {
            "system": { "database": "data/system.db" },
            "cache": { "glob": "data/cache/*.db" }
          },
          "backup": { "enabled": false }
        }
        """;

    private static TempDirectory Project(string config, string ledger = Ledger)
    {
        var dir = new TempDirectory();
        dir.Write("ledger.json", config);
        dir.Write("MIGRATIONS.md", ledger);
        return dir;
    }

    [TestMethod]
    [DataRow("""
        {
          "scopes": {
            "system": { "database": "data/system.db" },
            "user": { "from": "system", "query": "SELECT username FROM users",
                      "datbase": "data/users/{user}.db" }
          }
        }
        """, "ledger.json:5: unknown setting 'scopes.user.datbase'; did you mean 'scopes.user.database'?")]
    [DataRow("""
        {
          "scopes": {
            "system": { "database": "data/system.db" },
            "user": { "from": "system", "query": "SELECT username FROM users",
                      "database": "data/users/all.db" }
          }
        }
        """, "ledger.json:5: scopes.user.database: '")]
    [DataRow("""
        {
          "scopes": {
            "system": { "database": "data/system.db" },
            "user": { "query": "SELECT username FROM users",
                      "from": "sytem", "database": "data/users/{user}.db" }
          }
        }
        """, "ledger.json:5: scopes.user.from: names 'sytem', which is not a scope declared before it; did you mean 'system'?")]
    [DataRow("""
        {
          "scopes": {
            "user": { "from": "system", "query": "SELECT username FROM users", "database": "data/users/{user}.db" },
            "system": { "database": "data/system.db" }
          }
        }
        """, "ledger.json:3: scopes.user.from: names 'system', which is not a scope declared before it")]
    [DataRow("""
        {
          "scopes": {
            "system": {
              "engine": "sqlit",
              "database": "data/system.db" }
          }
        }
        """, "ledger.json:4: scopes.system.engine: unknown engine 'sqlit'; did you mean 'sqlite'? (engines: postgres, sqlite)")]
    [DataRow("""
        {
          "scopes": {
            "cache": { "glob": "data/cache/*.db",
              "createMissing": "yes" }
          }
        }
        """, "ledger.json:4: scopes.cache.createMissing: must be true or false")]
    [DataRow("""
        {
          "scopes": {
            "Settings": { "database": "data/settings.db" }
          }
        }
        """, "ledger.json:3: scopes.Settings: a scope name must match [a-z][a-z0-9_-]*")]
    [DataRow("""
        {
          "scopes": {
            "cache": { "glob": "data/cache/*.db", "database": "data/cache.db" }
          }
        }
        """, "ledger.json:3: scopes.cache.glob: give either 'glob', or 'database'")]
    [DataRow("""
        {
          "system": "data/system.db",
          "scopes": {
            "system": { "database": "data/system.db" }
          }
        }
        """, "ledger.json:3: give either 'scopes' or the legacy 'system' (line 2), not both")]
    [DataRow("""
        {
          "scopes": {
            "system": { "database": "data/system.db" },
            "cache": { "glob": "data/cache/*.db" }
          },
          "backup": { "dir": "data/cache" }
        }
        """, "ledger.json:4: scopes.cache.glob '")]
    public void EveryScopeProblemIsAConfigurationErrorNamingTheFileTheSettingAndItsLine(string config, string expected)
    {
        using TempDirectory dir = Project(config);

        ProcessResult run = LedgerProcess.Run(dir.Path, "apply");

        Assert.AreEqual(2, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Error, expected, run.ToString());
        Assert.IsFalse(Directory.Exists(Path.Combine(dir.Path, "data")) && Directory.EnumerateFiles(Path.Combine(dir.Path, "data"), "*.db", SearchOption.AllDirectories).Any(),
            "no database is created");
    }

    [TestMethod]
    public void AMemberNamedLikeItsSetIsShownAndCountedAsAMember()
    {
        // The set 'cache' has a member file cache.db: its name equals the scope's, and it is still a member, not the
        // scope's one database (named by the member name, counted in the set's progress).
        using TempDirectory dir = Project(CacheSet, Ledger.Replace("settings:", "cache:", StringComparison.Ordinal));
        dir.Write("data/cache/cache.db", "this is not a database, and it is long enough to be read as a header by SQLite ......");
        TestDb.Execute(Path.Combine(dir.Path, "data", "cache", "other.db"), "CREATE TABLE t (x)");

        ProcessResult run = LedgerProcess.Run(dir.Path, "apply");

        Assert.AreEqual(1, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Out, "1 migrated, 0 already current, 1 failed, 0 skipped (of 2 cache databases)", run.ToString());
        StringAssert.Contains(run.Out, "\n  cache cache: FAILED", run.ToString());
        StringAssert.Contains(run.Error, "cache databases: 2/2 done, 1 failed", run.ToString());
        StringAssert.Contains(run.Error, "cache cache: FAILED", run.ToString());
    }

    [TestMethod]
    public void ARejectedMemberOfASetOtherThanUserIsCalledAMember()
    {
        using TempDirectory dir = Project(CacheSet, Ledger.Replace("settings:", "cache:", StringComparison.Ordinal));
        Directory.CreateDirectory(Path.Combine(dir.Path, "data", "cache"));
        TestDb.Execute(Path.Combine(dir.Path, "data", "cache", "bad name.db"), "CREATE TABLE t (x)");

        ProcessResult run = LedgerProcess.Run(dir.Path, "apply");

        Assert.AreEqual(1, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Out, "member name 'bad name' is rejected: a member name must match", run.ToString());
        Assert.IsFalse(run.Out.Contains("user name", StringComparison.Ordinal), run.ToString());
    }

    [TestMethod]
    public void ABackupFolderOverlapOfADeclaredSetNamesItsScope()
    {
        using TempDirectory dir = Project("""
            {
              "scopes": {
                "system": { "database": "data/system.db" },
                "cache": { "glob": "data/cache/*.db" }
              },
              "backup": { "dir": "data/cache" }
            }
            """);

        ProcessResult run = LedgerProcess.Run(dir.Path, "status");

        Assert.AreEqual(2, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Error, "looks for cache databases in ", run.ToString());
        StringAssert.Contains(run.Error, "(backup.dir 'data/cache'): its backups would be taken for cache databases", run.ToString());
    }

    [TestMethod]
    [DataRow("--system", "data/system.db")]
    [DataRow("--users-glob", "data/users/*.db")]
    public void TheLegacyFlagsWithDeclaredScopesAreAConfigurationError(string flag, string value)
    {
        using TempDirectory dir = Project(TwoScopes);

        ProcessResult run = LedgerProcess.Run(dir.Path, "status", flag, value);

        Assert.AreEqual(2, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Error, $"{flag}: ledger.json declares its scopes", run.ToString());
    }

    [TestMethod]
    [DataRow("apply")]
    [DataRow("plan")]
    [DataRow("status")]
    [DataRow("verify")]
    [DataRow("rollback", "--to", "baseline")]
    [DataRow("baseline", "--version", "1.0.0")]
    public void AnUnknownScopeFlagIsAUsageErrorNamingTheClosestDeclaredScope(string verb, params string[] more)
    {
        using TempDirectory dir = Project(TwoScopes);

        ProcessResult run = LedgerProcess.Run(dir.Path, [verb, .. more, "--scope", "system", "--scope", "setings"]);

        Assert.AreEqual(2, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Error, "--scope: unknown scope 'setings'; did you mean 'settings'? (the scopes: system, settings)", run.ToString());
        Assert.IsFalse(Directory.Exists(Path.Combine(dir.Path, "data")), "nothing is created");
    }

    [TestMethod]
    public void ATypodScopeInATagIsAnErrorAtItsLineNamingTheClosestDeclaredScope()
    {
        using TempDirectory dir = Project(TwoScopes, Ledger.Replace("[settings:baseline→1.0.0:start]", "[setings:baseline→1.0.0:start]", StringComparison.Ordinal));

        ProcessResult lint = LedgerProcess.Run(dir.Path, "lint");
        ProcessResult apply = LedgerProcess.Run(dir.Path, "apply");

        Assert.AreEqual(1, lint.ExitCode, lint.ToString());
        StringAssert.Contains(lint.Out, "MIGRATIONS.md:13:5: error LDG002: unknown scope 'setings'; did you mean 'settings'? (known scopes: system, settings)", lint.ToString());
        Assert.AreEqual(1, apply.ExitCode, apply.ToString());
        Assert.IsFalse(Directory.Exists(Path.Combine(dir.Path, "data")), "a ledger with errors changes nothing");
    }

    [TestMethod]
    public void ATagNamingAScopeThatIsNotDeclaredIsAnError()
    {
        using TempDirectory dir = Project(TwoScopes, Ledger.Replace("settings:", "user:", StringComparison.Ordinal));

        ProcessResult lint = LedgerProcess.Run(dir.Path, "lint");

        Assert.AreEqual(1, lint.ExitCode, lint.ToString());
        StringAssert.Contains(lint.Out, "error LDG002: unknown scope 'user' (known scopes: system, settings)", lint.ToString());
    }

    [TestMethod]
    public void NewWritesOneBlockPerDeclaredScopeInTheDeclaredOrder()
    {
        using TempDirectory dir = Project("""
            {
              "scopes": {
                "settings": { "database": "data/settings.db" },
                "system": { "database": "data/system.db" }
              }
            }
            """);

        ProcessResult run = LedgerProcess.Run(dir.Path, "new", "--to", "1.1.0");

        Assert.AreEqual(0, run.ExitCode, run.ToString());
        string text = File.ReadAllText(Path.Combine(dir.Path, "MIGRATIONS.md"));
        int settings = text.IndexOf("-- [settings:1.0.0→1.1.0:start]", StringComparison.Ordinal);
        int system = text.IndexOf("-- [system:1.0.0→1.1.0:start]", StringComparison.Ordinal);
        Assert.IsTrue(settings > 0 && system > settings, text);
        Assert.DoesNotContain("[user:1.0.0", text, "no block for a scope that is not declared");
        Assert.AreEqual(0, LedgerProcess.Run(dir.Path, "lint").ExitCode, "the new blocks name declared scopes");
    }

    [TestMethod]
    public void DeclaredScopesAreAppliedAndScopeLimitsARunToTheChosenOnes()
    {
        using TempDirectory dir = Project(TwoScopes);

        ProcessResult settingsOnly = LedgerProcess.Run(dir.Path, "apply", "--scope", "settings");

        Assert.AreEqual(0, settingsOnly.ExitCode, settingsOnly.ToString());
        Assert.IsTrue(File.Exists(Path.Combine(dir.Path, "data", "settings.db")), settingsOnly.ToString());
        Assert.IsFalse(File.Exists(Path.Combine(dir.Path, "data", "system.db")), "--scope settings leaves the system scope alone");
        Assert.AreEqual("1", TestDb.Scalar(Path.Combine(dir.Path, "data", "settings.db"), "SELECT count(*) FROM ledger_history WHERE scope = 'settings'"));

        ProcessResult all = LedgerProcess.Run(dir.Path, "apply");

        Assert.AreEqual(0, all.ExitCode, all.ToString());
        Assert.AreEqual("1", TestDb.Scalar(Path.Combine(dir.Path, "data", "system.db"), "SELECT count(*) FROM ledger_history WHERE scope = 'system'"));
    }

    [TestMethod]
    public void DeclaredSystemAndUserScopesApplyAsTheLegacySettingsDo()
    {
        using TempDirectory dir = Project("""
            {
              // the legacy layout, declared: paths relative to this file
              "scopes": {
                "system": { "database": "data/system.db" },
                "user": { "from": "system", "query": "SELECT username FROM users ORDER BY username", "database": "data/users/{user}.db" }
              },
              "backup": { "enabled": false }
            }
            """, ApplyLedgers.TwoVersions);

        ProcessResult run = LedgerProcess.Run(dir.Path, "apply", "--create-missing");

        Assert.AreEqual(0, run.ExitCode, run.ToString());
        foreach (string user in new[] { "alice", "bob", "carol" })
        {
            Assert.AreEqual("1.1.0", TestDb.Scalar(Path.Combine(dir.Path, "data", "users", user + ".db"), "SELECT max(to_version) FROM ledger_history WHERE scope = 'user'"));
        }
    }

    [TestMethod]
    public void TheLegacyScopeFlagOfBaselineTakesBothScopesRepeated()
    {
        using TempDirectory dir = Project(ApplyLedgers.Config, ApplyLedgers.TwoVersions);
        // Databases made before Ledger, at 1.0.0's schema.
        Directory.CreateDirectory(Path.Combine(dir.Path, "data", "users"));
        TestDb.Execute(Path.Combine(dir.Path, "data", "system.db"), "CREATE TABLE users (username TEXT PRIMARY KEY); INSERT INTO users VALUES ('alice')");
        TestDb.Execute(Path.Combine(dir.Path, "data", "users", "alice.db"), "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");

        ProcessResult run = LedgerProcess.Run(dir.Path, "baseline", "--version", "1.0.0", "--scope", "system", "--scope", "user");

        Assert.AreEqual(0, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Out, "system (data/system.db): stamped at 1.0.0", run.ToString());
        StringAssert.Contains(run.Out, "user alice: stamped at 1.0.0", run.ToString());
    }
}
