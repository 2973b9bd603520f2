namespace Ledger.Cli.Tests;

/// <summary>
/// Errors that name what is really wrong (issue 21): a database, folder or backup folder that cannot be written; a
/// users query that does not parse; a database made before Ledger; drift; and ledger.json's own mistakes.
/// </summary>
[TestClass]
public sealed class BlameTests
{
    private static TempDirectory Project(string ledger = ApplyLedgers.TwoVersions, string config = ApplyLedgers.Config)
    {
        var dir = new TempDirectory();
        dir.Write("ledger.json", config);
        dir.Write("MIGRATIONS.md", ledger);
        return dir;
    }

    private static string Alice(TempDirectory dir) => Path.Combine(dir.Path, "data", "users", "alice.db");

    [TestMethod]
    public void AReadOnlyDatabaseFileIsReportedAsThatBeforeItsFirstStep()
    {
        using TempDirectory dir = Project();
        Assert.AreEqual(0, LedgerProcess.Run(dir.Path, "apply", "--target", "1.0.0").ExitCode);
        ProcessResult result;
        using (new ReadOnly(Alice(dir)))
        {
            result = LedgerProcess.Run(dir.Path, "apply", "--no-backup");
        }

        Assert.AreEqual(1, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Out, $"user alice: FAILED: cannot write {Alice(dir)}: the file is read-only for this user; nothing was changed");
        StringAssert.Contains(result.Out, "make it writable for the user that runs ledger");
        Assert.DoesNotContain("failed at MIGRATIONS.md", result.Out, "a permission is not blamed on a statement");
        CollectionAssert.AreEqual(new[] { "baseline->1.0.0 applied" }, TestDb.Journal(Alice(dir)));
        StringAssert.Contains(result.Out, "2 migrated", "the other users are migrated");
    }

    [TestMethod]
    public void AReadOnlyFolderIsReportedAsThatBeforeItsFirstStep()
    {
        using TempDirectory dir = Project();
        Assert.AreEqual(0, LedgerProcess.Run(dir.Path, "apply", "--target", "1.0.0").ExitCode);
        ProcessResult result;
        using (new ReadOnly(dir.Full("data/users")))
        {
            result = LedgerProcess.Run(dir.Path, "apply", "--no-backup");
        }

        Assert.AreEqual(1, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Out, $"user alice: FAILED: cannot write in {dir.Full("data/users")}: the folder is read-only for this user; SQLite creates its rollback journal (alice.db-journal)");
        Assert.DoesNotContain("failed at MIGRATIONS.md", result.Out);
        CollectionAssert.AreEqual(new[] { "baseline->1.0.0 applied" }, TestDb.Journal(Alice(dir)));
    }

    [TestMethod]
    public void ADatabaseToCreateInAFolderThatCannotBeWrittenIsReportedAsThat()
    {
        using TempDirectory dir = Project();
        Assert.AreEqual(0, LedgerProcess.Run(dir.Path, "apply", "--target", "1.0.0").ExitCode);
        TestDb.Execute(dir.Full("data/system.db"), "INSERT INTO users VALUES ('zed')");
        ProcessResult result;
        using (new ReadOnly(dir.Full("data/users")))
        {
            result = LedgerProcess.Run(dir.Path, "apply", "--no-backup");
        }

        Assert.AreEqual(1, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Out, $"user zed: FAILED: cannot write in {dir.Full("data/users")}: the folder is read-only for this user; " +
                                          "SQLite creates its rollback journal (zed.db-journal) or write-ahead log beside the database while it changes it, " +
                                          "so nothing was changed (make the folder writable for the user that runs ledger)");
        Assert.DoesNotContain("unable to open database file", result.Out, "the engine's raw error is not the report");
        Assert.IsFalse(File.Exists(dir.Full("data/users/zed.db")));
    }

    [TestMethod]
    public void ADatabaseToCreateInAMissingFolderUnderOneThatCannotBeWrittenNamesThatFolder()
    {
        using TempDirectory dir = Project(config: ApplyLedgers.Config.Replace("data/users/{user}.db", "data/users/{user}/app.db", StringComparison.Ordinal));
        Directory.CreateDirectory(dir.Full("data/users"));
        ProcessResult result;
        using (new ReadOnly(dir.Full("data/users")))
        {
            result = LedgerProcess.Run(dir.Path, "apply", "--no-backup");
        }

        Assert.AreEqual(1, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Out, $"user alice: FAILED: cannot write in {dir.Full("data/users")}: the folder is read-only for this user;");
        Assert.DoesNotContain("unable to open database file", result.Out);
    }

    [TestMethod]
    public void ABackupFolderThatCannotBeWrittenSaysWhatToDo()
    {
        using TempDirectory dir = Project(config: ApplyLedgers.Config.Replace("\"enabled\": false", "\"enabled\": true", StringComparison.Ordinal));
        Assert.AreEqual(0, LedgerProcess.Run(dir.Path, "apply", "--target", "1.0.0").ExitCode);
        Directory.CreateDirectory(dir.Full("backups"));
        ProcessResult result;
        using (new ReadOnly(dir.Full("backups")))
        {
            result = LedgerProcess.Run(dir.Path, "apply", "--backup-dir", "backups");
        }

        Assert.AreEqual(1, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Out, $"system (data/system.db): FAILED: cannot write the backup into {dir.Full("backups")}: the folder is read-only for this user; nothing was changed " +
                                          "(choose a writable folder with --backup-dir or backup.dir in ledger.json, make this one writable, or skip the backup with --no-backup)");
        CollectionAssert.AreEqual(new[] { "baseline->1.0.0 applied" }, TestDb.Journal(dir.Full("data/system.db")), "nothing was changed");
    }

    [TestMethod]
    [DataRow("apply")]
    [DataRow("status")]
    public void AUsersQueryThatDoesNotParseIsAConfigurationErrorBeforeAnyDatabaseIsChanged(string verb)
    {
        using TempDirectory dir = Project(config: ApplyLedgers.Config.Replace("SELECT username", "SELEC username", StringComparison.Ordinal));

        ProcessResult result = LedgerProcess.Run(dir.Path, verb);

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, "ledger: ledger.json: users.query does not parse: near \"SELEC\": syntax error; nothing was changed");
        Assert.IsFalse(Directory.Exists(dir.Full("data")), "no database was created or changed");
    }

    [TestMethod]
    public void ADeclaredSetsQueryThatDoesNotParseNamesItsLine()
    {
        const string config = """
            {
              "scopes": {
                "system": { "database": "data/system.db" },
                "user": { "from": "system", "query": "SELECT username FROM users WHERE", "database": "data/users/{user}.db" }
              }
            }
            """;
        using TempDirectory dir = Project(config: config);

        ProcessResult result = LedgerProcess.Run(dir.Path, "apply", "--create-missing");

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, "ledger.json:4: scopes.user.query: does not parse: incomplete input; nothing was changed");
        Assert.IsFalse(Directory.Exists(dir.Full("data")));
    }

    [TestMethod]
    public void AQueryOnATableTheSystemDatabaseDoesNotHaveYetStillParses()
    {
        using TempDirectory dir = Project();

        ProcessResult result = LedgerProcess.Run(dir.Path, "apply");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
    }

    [TestMethod]
    public void ADatabaseMadeBeforeLedgerFailsWithTheBaselineHintAndStatusShowsIt()
    {
        using TempDirectory dir = Project();
        string system = dir.Full("data/system.db");
        Directory.CreateDirectory(dir.Full("data"));
        TestDb.Execute(system, "CREATE TABLE users (username TEXT PRIMARY KEY)");

        ProcessResult status = LedgerProcess.Run(dir.Path, "status");
        ProcessResult apply = LedgerProcess.Run(dir.Path, "apply");

        StringAssert.Contains(status.Out, "(tables, no history table)");
        StringAssert.Contains(status.Out, "system (data/system.db): it has tables (users) but no history table");
        Assert.AreEqual(1, apply.ExitCode, apply.ToString());
        StringAssert.Contains(apply.Out, "system (data/system.db): FAILED: step baseline→1.0.0 failed at MIGRATIONS.md:");
        StringAssert.Contains(apply.Out, "'table users already exists'. in: CREATE TABLE users (username TEXT PRIMARY KEY) (left at baseline)\n" +
                                         "    hint: it has tables (users) but no history table: it was made before Ledger (or by hand); " +
                                         "when its schema already holds steps of the ledger, record the version it matches with 'ledger baseline --version V' " +
                                         "(V a version from 1.0.0 to 1.1.0), then apply");
        Assert.AreEqual("0", TestDb.Scalar(system, "SELECT count(*) FROM sqlite_schema WHERE name = 'ledger_history'"), "nothing was changed");

        ProcessResult baseline = LedgerProcess.Run(dir.Path, "baseline", "--version", "1.0.0", "--scope", "system");
        Assert.AreEqual(0, baseline.ExitCode, baseline.ToString());
    }

    [TestMethod]
    public void TheBaselineHintFollowsTheTargetAndStaysOutOfTheJsonMessage()
    {
        using TempDirectory dir = Project();
        string system = dir.Full("data/system.db");
        Directory.CreateDirectory(dir.Full("data"));
        TestDb.Execute(system, "CREATE TABLE users (username TEXT PRIMARY KEY)");

        ProcessResult text = LedgerProcess.Run(dir.Path, "apply", "--target", "1.0.0");
        ProcessResult json = LedgerProcess.Run(dir.Path, "apply", "--format", "json");

        Assert.AreEqual(1, text.ExitCode, text.ToString());
        StringAssert.Contains(text.Out, "(left at baseline)\n    hint: it has tables (users) but no history table", "on its own line, after the failure");
        StringAssert.Contains(text.Out, "'ledger baseline --version V' (V is 1.0.0), then apply", "no version past the target");
        Assert.AreEqual(1, json.ExitCode, json.ToString());
        StringAssert.Contains(json.Out, "\"message\": \"SQLite Error 1: \\u0027table users already exists\\u0027.\"", "the engine's message only");
        Assert.DoesNotContain("no history table", json.Out);
    }

    [TestMethod]
    public void AFirstStepThatFailsForItsOwnMistakeGetsNoBaselineHint()
    {
        using TempDirectory dir = Project(ledger: ApplyLedgers.TwoVersions.Replace("INSERT INTO users VALUES", "INSERT INTO userz VALUES", StringComparison.Ordinal));
        string system = dir.Full("data/system.db");
        Directory.CreateDirectory(dir.Full("data"));
        TestDb.Execute(system, "CREATE TABLE accounts (id INTEGER PRIMARY KEY)");

        ProcessResult apply = LedgerProcess.Run(dir.Path, "apply");

        Assert.AreEqual(1, apply.ExitCode, apply.ToString());
        StringAssert.Contains(apply.Out, "no such table: userz");
        Assert.DoesNotContain("hint:", apply.Out, "a mistake in the step is not blamed on a database made before Ledger");
        Assert.DoesNotContain("ledger baseline", apply.Out);
    }

    [TestMethod]
    public void DriftSaysWhatToDoAndWhyAllowDriftIsRisky()
    {
        using TempDirectory dir = Project();
        Assert.AreEqual(0, LedgerProcess.Run(dir.Path, "apply", "--target", "1.0.0").ExitCode);
        dir.Write("MIGRATIONS.md", ApplyLedgers.TwoVersions.Replace("('alice'), ('bob'), ('carol')", "('alice'), ('bob'), ('carol'), ('dave')", StringComparison.Ordinal));

        ProcessResult apply = LedgerProcess.Run(dir.Path, "apply");
        ProcessResult verify = LedgerProcess.Run(dir.Path, "verify");

        const string remedy = "note: to clear drift, revert the edit to the applied block, so that the ledger again says what ran in the database; " +
                              "or pass --allow-drift to apply the later steps anyway, which is risky: the database keeps the SQL that ran, and the ledger no longer describes it";
        Assert.AreEqual(3, apply.ExitCode, apply.ToString());
        StringAssert.Contains(apply.Out, remedy);
        Assert.AreEqual(3, verify.ExitCode, verify.ToString());
        StringAssert.Contains(verify.Out, remedy);
    }

    [TestMethod]
    public void EveryUnknownSettingIsReportedAtItsLineWithDidYouMean()
    {
        const string config = """
            {
              "sytem": "data/system.db",
              "users": { "qery": "SELECT username FROM users", "path": "data/users/{user}.db" },
              "backup": { "enabled": false },
              "paralel": 2
            }
            """;
        using TempDirectory dir = Project(config: config);

        ProcessResult result = LedgerProcess.Run(dir.Path, "status");

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, "ledger: ledger.json:2: unknown setting 'sytem'; did you mean 'system'?");
        StringAssert.Contains(result.Error, "ledger.json:3: unknown setting 'users.qery'; did you mean 'users.query'?");
        StringAssert.Contains(result.Error, "ledger.json:5: unknown setting 'paralel'; did you mean 'parallel'?");
        StringAssert.Contains(result.Error, "3 unknown settings");
    }

    /// <summary>The settings of a scope are settings like the others: every unknown one, at its line, in one report.</summary>
    [TestMethod]
    public void UnknownScopeSettingsAreReportedWithTheOtherUnknownSettings()
    {
        const string config = """
            {
              "scopes": {
                "system": { "database": "a.db", "createMisssing": true,
                  "engin": "sqlite", "colour": "red" }
              },
              "ledgr": "x"
            }
            """;
        using TempDirectory dir = Project(config: config);

        ProcessResult result = LedgerProcess.Run(dir.Path, "status");

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.AreEqual(
            "ledger: ledger.json:3: unknown setting 'scopes.system.createMisssing'; did you mean 'scopes.system.createMissing'?\n" +
            "ledger.json:4: unknown setting 'scopes.system.engin'; did you mean 'scopes.system.engine'?\n" +
            "ledger.json:4: unknown setting 'scopes.system.colour'; the settings of 'scopes.system' are engine, database, schema, from, query, glob, createMissing, allowSymlinksOutside\n" +
            "ledger.json:6: unknown setting 'ledgr'; did you mean 'ledger'?\n" +
            "4 unknown settings; see the settings of ledger.json in docs/configuration.md\n",
            result.Error.ReplaceLineEndings("\n"), result.ToString());
    }

    /// <summary>
    /// What Ledger keeps beside the settings while it runs (the file's path, the lines of the scopes…) is not a setting:
    /// a file that names it is told so, and the list of settings does not offer it.
    /// </summary>
    [TestMethod]
    public void StateKeptAtRunTimeIsNotASetting()
    {
        const string config = """
            {
              "system": "data/system.db",
              "foo": 1,
              "sourcePath": "x",
              "lines": [1],
              "declaredScopes": {},
              "scopeNames": [],
              "lint": { "severityOverrides": {} }
            }
            """;
        using TempDirectory dir = Project(config: config);

        ProcessResult result = LedgerProcess.Run(dir.Path, "status");

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        foreach ((int line, string key) in new[] { (3, "foo"), (4, "sourcePath"), (5, "lines"), (6, "declaredScopes"), (7, "scopeNames"), (8, "lint.severityOverrides") })
        {
            StringAssert.Contains(result.Error, $"ledger.json:{line}: unknown setting '{key}'", result.ToString());
        }

        StringAssert.Contains(result.Error, "ledger.json:3: unknown setting 'foo'; the settings are ledger, scopes, system, users, parallel, busyTimeoutMs, backup, lint\n", result.ToString());
        StringAssert.Contains(result.Error, "ledger.json:8: unknown setting 'lint.severityOverrides'; the settings of 'lint' are sqlCheck, devDatabase, requireDown, severity\n", result.ToString());
        StringAssert.Contains(result.Error, "6 unknown settings");
    }

    [TestMethod]
    public void AMissingCommaIsReportedAtTheLineOfTheValueBeforeIt()
    {
        const string config = """
            {
              "system": "data/system.db"
              "backup": { "enabled": false }
            }
            """;
        using TempDirectory dir = Project(config: config);

        ProcessResult result = LedgerProcess.Run(dir.Path, "status");

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, "ledger: ledger.json:2: invalid JSON: a ',' is missing after the value that ends this line (the next one starts on line 3)");
    }
}
