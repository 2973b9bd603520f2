using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ledger.Cli.Tests;

[TestClass]
public sealed partial class LintCommandTests
{
    [TestMethod]
    public void ACleanLedgerExitsZeroWithOnlyTheSummary()
    {
        using var dir = new TempDirectory();
        dir.Write("MIGRATIONS.md", Ledgers.Clean);

        ProcessResult result = LedgerProcess.Run(dir.Path, "lint");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual("", result.Out);
        Assert.Contains("0 errors, 0 warnings, 0 infos in 1 file", result.Error);
    }

    [TestMethod]
    public void ErrorsExitOneWithCompilerStyleLines()
    {
        using var dir = new TempDirectory();
        dir.Write("MIGRATIONS.md", Ledgers.WithError);

        ProcessResult result = LedgerProcess.Run(dir.Path, "lint");

        Assert.AreEqual(1, result.ExitCode, result.ToString());
        CollectionAssert.AreEqual(new[] { 16, 18 }, result.OutLines.Select(l => int.Parse(l.Split(':')[1])).ToArray());
        foreach (string line in result.OutLines)
        {
            Assert.MatchesRegex(@"^MIGRATIONS\.md:\d+:\d+: error LDG003: invalid version: '1\.0\.0\.1'", line);
        }

        Assert.StartsWith("MIGRATIONS.md:16:18: error LDG003:", result.OutLines[0]);
        Assert.Contains("2 errors, 0 warnings, 0 infos in 1 file", result.Error);
    }

    [TestMethod]
    [DataRow(false, 0)]
    [DataRow(true, 1)]
    public void WarningsFailOnlyWithStrict(bool strict, int exitCode)
    {
        using var dir = new TempDirectory();
        dir.Write("MIGRATIONS.md", Ledgers.WithWarning);

        ProcessResult result = strict ? LedgerProcess.Run(dir.Path, "lint", "--strict") : LedgerProcess.Run(dir.Path, "lint");

        Assert.AreEqual(exitCode, result.ExitCode, result.ToString());
        Assert.HasCount(3, result.OutLines);
        Assert.StartsWith("MIGRATIONS.md:18:1: warning LDG020: DROP TABLE notes", result.OutLines[0]);
        Assert.StartsWith("MIGRATIONS.md:23:", result.OutLines[1]);
        Assert.Contains(" info LDG005: ", result.OutLines[1]);
    }

    [TestMethod]
    public void QuietLeavesOutInfosAndTheSummary()
    {
        using var dir = new TempDirectory();
        dir.Write("MIGRATIONS.md", Ledgers.WithWarning);

        ProcessResult result = LedgerProcess.Run(dir.Path, "lint", "--quiet");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual("warning LDG020", string.Join(";", result.OutLines.Select(l => l.Split(": ")[1])));
        Assert.AreEqual("", result.Error);
    }

    [TestMethod]
    public void AMissingLedgerExitsTwoNamingTheFile()
    {
        using var dir = new TempDirectory();

        ProcessResult result = LedgerProcess.Run(dir.Path, "lint", "--ledger", "docs/NOPE.md");

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.Contains("docs/NOPE.md", result.Error);
        Assert.Contains("not found", result.Error);
        Assert.DoesNotContain("   at ", result.Error, "no stack trace");
    }

    [TestMethod]
    public void TheDefaultLedgerIsMigrationsMd()
    {
        using var dir = new TempDirectory();

        ProcessResult result = LedgerProcess.Run(dir.Path, "lint");

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.Contains("MIGRATIONS.md: ledger file not found", result.Error);
    }

    [TestMethod]
    [DataRow("lint", "--format", "xml")]
    [DataRow("lint", "--no-such-flag")]
    [DataRow("frobnicate")]
    [DataRow]
    public void BadUsageExitsTwo(params string[] args)
    {
        using var dir = new TempDirectory();
        dir.Write("MIGRATIONS.md", Ledgers.Clean);

        ProcessResult result = LedgerProcess.Run(dir.Path, args);

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.AreNotEqual("", result.Error.Trim());
    }

    [TestMethod]
    [DataRow("--help")]
    [DataRow("--version")]
    [DataRow("lint", "--help")]
    public void HelpAndVersionExitZeroOnStdout(params string[] args)
    {
        using var dir = new TempDirectory();

        ProcessResult result = LedgerProcess.Run(dir.Path, args);

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.StartsWith("ledger ", result.Out);
    }

    [TestMethod]
    public void JsonFormatIsAnArrayOfFindings()
    {
        using var dir = new TempDirectory();
        dir.Write("MIGRATIONS.md", Ledgers.WithWarning);

        ProcessResult result = LedgerProcess.Run(dir.Path, "lint", "--format", "json");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        using JsonDocument json = JsonDocument.Parse(result.Out);
        Assert.AreEqual(3, json.RootElement.GetArrayLength());
        JsonElement first = json.RootElement[0];
        Assert.AreEqual("LDG020", first.GetProperty("code").GetString());
        Assert.AreEqual("warning", first.GetProperty("severity").GetString());
        Assert.AreEqual("MIGRATIONS.md", first.GetProperty("path").GetString());
        Assert.AreEqual(18, first.GetProperty("line").GetInt32());
        Assert.AreEqual(1, first.GetProperty("column").GetInt32());
        Assert.AreEqual("", result.Error, "no summary outside text format: stdout stays machine-readable and stderr quiet");
    }

    [TestMethod]
    public void GitHubFormatPrintsWorkflowCommands()
    {
        using var dir = new TempDirectory();
        dir.Write("MIGRATIONS.md", Ledgers.WithError);

        ProcessResult result = LedgerProcess.Run(dir.Path, "lint", "--format", "github");

        Assert.AreEqual(1, result.ExitCode, result.ToString());
        Assert.HasCount(2, result.OutLines);
        Assert.StartsWith("::error file=MIGRATIONS.md,line=16,col=18,title=LDG003::invalid version", result.OutLines[0]);
        foreach (string line in result.OutLines) Assert.MatchesRegex(WorkflowCommand(), line);
    }

    [TestMethod]
    public void SarifFormatIsVersion210()
    {
        using var dir = new TempDirectory();
        dir.Write("MIGRATIONS.md", Ledgers.WithError);

        ProcessResult result = LedgerProcess.Run(dir.Path, "lint", "--format", "sarif");

        Assert.AreEqual(1, result.ExitCode, result.ToString());
        using JsonDocument sarif = JsonDocument.Parse(result.Out);
        Assert.AreEqual("2.1.0", sarif.RootElement.GetProperty("version").GetString());
        JsonElement run = sarif.RootElement.GetProperty("runs")[0];
        // Core's rules and every shipped engine's (SQLite, PostgreSQL), in code order.
        string[] expected = Ledger.Diagnostics.RuleCatalog.All.Concat(Ledger.Sqlite.Linting.SqliteRuleCatalog.All).Concat(Ledger.Postgres.Linting.PostgresRuleCatalog.All)
            .Select(r => r.Code).Order(StringComparer.Ordinal).ToArray();
        CollectionAssert.AreEqual(expected, run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToArray());
        JsonElement firstResult = run.GetProperty("results")[0];
        Assert.AreEqual("LDG003", firstResult.GetProperty("ruleId").GetString());
        Assert.AreEqual(16, firstResult.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32());
    }

    [TestMethod]
    public void TheSqlCheckRunsUnlessTurnedOff()
    {
        using var dir = new TempDirectory();
        dir.Write("MIGRATIONS.md", Ledgers.WithSqlError);

        ProcessResult checkedRun = LedgerProcess.Run(dir.Path, "lint");
        ProcessResult withoutCheck = LedgerProcess.Run(dir.Path, "lint", "--no-sql-check");

        Assert.AreEqual(1, checkedRun.ExitCode, checkedRun.ToString());
        Assert.StartsWith("MIGRATIONS.md:17:1: error LDG022: no such table: note", checkedRun.OutLines.Single());
        Assert.AreEqual(0, withoutCheck.ExitCode, withoutCheck.ToString());
        Assert.AreEqual("", withoutCheck.Out);
    }

    [TestMethod]
    public void LedgerJsonChangesSeveritiesAndTheSqlCheck()
    {
        using var dir = new TempDirectory();
        dir.Write("db/MIGRATIONS.md", Ledgers.WithWarning + "\n" + LedgerText.FencedBlock("user", "1.0.1", "1.0.2", "SELECT * FROM nowhere;") + "\n" +
            LedgerText.FencedBlock("user", "1.0.2", "1.0.1", "-- nothing to undo"));
        // Comments, trailing commas; paths relative to the config file's directory.
        dir.Write("config/ledger.json", """
            // lint settings for CI
            {
              "ledger": "../db/MIGRATIONS.md",
              "lint": { "sqlCheck": false, "severity": { "ldg020": "error", "LDG005": "off", }, },
            }
            """);

        ProcessResult result = LedgerProcess.Run(dir.Path, "lint", "--config", "config/ledger.json");

        Assert.AreEqual(1, result.ExitCode, result.ToString());
        Assert.StartsWith("db/MIGRATIONS.md:18:1: error LDG020:", result.OutLines.Single());
    }

    [TestMethod]
    public void LedgerJsonChangesTheSeverityOfAnEnginesRule()
    {
        using var dir = new TempDirectory();
        dir.Write("MIGRATIONS.md", Ledgers.Clean + "\n" + LedgerText.FencedBlock("user", "1.0.0", "1.0.1", "PRAGMA foreign_keys = ON;"));
        dir.Write("ledger.json", """{ "lint": { "sqlCheck": false, "severity": { "LDG026": "error", "LDG027": "off" } } }""");

        ProcessResult result = LedgerProcess.Run(dir.Path, "lint");

        Assert.AreEqual(1, result.ExitCode, result.ToString());
        Assert.Contains("error LDG026: PRAGMA foreign_keys has no effect", result.OutLines.Single());
    }

    [TestMethod]
    public void FlagsOverrideLedgerJson()
    {
        using var dir = new TempDirectory();
        dir.Write("ledger.json", """{ "ledger": "missing.md" }""");
        dir.Write("MIGRATIONS.md", Ledgers.Clean);

        ProcessResult fromConfig = LedgerProcess.Run(dir.Path, "lint");
        ProcessResult fromFlag = LedgerProcess.Run(dir.Path, "lint", "--ledger", "MIGRATIONS.md");

        Assert.AreEqual(2, fromConfig.ExitCode, fromConfig.ToString());
        Assert.Contains("missing.md", fromConfig.Error);
        Assert.AreEqual(0, fromFlag.ExitCode, fromFlag.ToString());
    }

    [TestMethod]
    [DataRow("{ \"lint\": { \"severity\": { \"LDG020\": \"loud\" } } }", "unknown severity 'loud'")]
    [DataRow("{ \"lint\": { \"severity\": { \"LDG999\": \"off\" } } }", "unknown rule code 'LDG999'")]
    [DataRow("{ \"lint\": { \"severity\": { \"LDG016\": \"off\" } } }", "LDG016 (TransactionControl) cannot be configured")]
    [DataRow("{ \"lint\": { \"severity\": { \"LDG039\": \"off\" } } }", "LDG039 (AttachDatabase) cannot be configured")]
    [DataRow("{\n  \"parallel\": 2,\n  \"lint\": { \"sqlCheck\": tru }\n}", "ledger.json:3:")]
    [DataRow("{ \"lnit\": {} }", "unknown setting 'lnit'")]
    public void ABadConfigurationExitsTwoNamingTheFile(string config, string expected)
    {
        using var dir = new TempDirectory();
        dir.Write("ledger.json", config);
        dir.Write("MIGRATIONS.md", Ledgers.Clean);

        ProcessResult result = LedgerProcess.Run(dir.Path, "lint");

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.Contains("ledger.json", result.Error);
        Assert.Contains(expected, result.Error);
        Assert.DoesNotContain("   at ", result.Error, "no stack trace");
    }

    [TestMethod]
    public void AMissingConfigFileExitsTwo()
    {
        using var dir = new TempDirectory();
        dir.Write("MIGRATIONS.md", Ledgers.Clean);

        ProcessResult result = LedgerProcess.Run(dir.Path, "lint", "--config", "ci/ledger.json");

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.Contains("ci/ledger.json: configuration file not found", result.Error);
    }

    [TestMethod]
    public void TheTatlockLedgerLintsWithoutErrors()
    {
        string tatlock = Path.GetFullPath(Path.Combine(LedgerProcess.RepositoryRoot(), "..", "shared", "ledgers", "tatlock-MIGRATIONS.md"));
        if (!File.Exists(tatlock))
        {
            Assert.Inconclusive($"not run: this test lints a real-world ledger that is not part of the repository, and {tatlock} is absent; put tatlock-MIGRATIONS.md there to run it");
        }

        ProcessResult result = LedgerProcess.Run(Path.GetDirectoryName(tatlock)!, "lint", "--ledger", Path.GetFileName(tatlock));

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        string[] kinds = result.OutLines.Select(l => l.Split(": ")[1]).ToArray();
        Assert.DoesNotContain("error", string.Join(";", kinds.Select(k => k.Split(' ')[0])));
        Assert.AreEqual(2, kinds.Count(k => k == "warning LDG019"), result.ToString());
        Assert.IsGreaterThanOrEqualTo(2, kinds.Count(k => k == "info LDG005"), result.ToString());
        Assert.AreEqual(3, kinds.Count(k => k == "info LDG024"), result.ToString());
        string mismatch = result.OutLines.Single(l => l.Contains("LDG023", StringComparison.Ordinal));
        Assert.Contains("conversation_topics", mismatch);
        Assert.Contains("memories", mismatch);
    }

    [GeneratedRegex(@"^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,title=LDG\d{3}::.*$")]
    private static partial Regex WorkflowCommand();

    [TestMethod]
    [DataRow(new string[0], 0, "info")]
    [DataRow(new[] { "--require-down" }, 1, "error")]
    public void AStepWithoutADownBlockIsAnInfoAndAnErrorWithRequireDown(string[] flags, int exitCode, string severity)
    {
        using var dir = new TempDirectory();
        dir.Write("MIGRATIONS.md", Ledgers.WithoutDown);

        ProcessResult result = LedgerProcess.Run(dir.Path, ["lint", "--no-sql-check", .. flags]);

        Assert.AreEqual(exitCode, result.ExitCode, result.ToString());
        Assert.StartsWith($"MIGRATIONS.md:16:1: {severity} LDG027: user step 1.0.0→1.0.1 has SQL but no down block", result.OutLines.Single());
    }

    [TestMethod]
    public void RequireDownInLedgerJsonMakesItAnError()
    {
        using var dir = new TempDirectory();
        dir.Write("MIGRATIONS.md", Ledgers.WithoutDown);
        dir.Write("ledger.json", """{ "lint": { "requireDown": true } }""");

        ProcessResult result = LedgerProcess.Run(dir.Path, "lint");

        Assert.AreEqual(1, result.ExitCode, result.ToString());
        Assert.Contains("error LDG027", result.Out);
    }
}
