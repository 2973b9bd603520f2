using System.Text.Json;
using Ledger.Cli.Output;
using Ledger.Execution;
using Ledger.Inspection;
using Ledger.Linting;
using Ledger.Model;
using Ledger.Scoping;
using Ledger.Sqlite.Engine;
using Ledger.Targets;

namespace Ledger.Cli.Tests;

/// <summary>
/// What apply, status and the progress display print for a layout of more than the two legacy scopes: every scope is
/// shown, by its own name. (The tool reaches such layouts through ledger.json's <c>scopes</c>; here the layout is built
/// in code and real SQLite files are migrated, and the reports print the real results.)
/// </summary>
[TestClass]
public sealed class ScopeReportTests
{
    private static (ScopeTargets Targets, MigrationSet Set) Layout(TempDirectory dir)
    {
        LoadedLedger loaded = LedgerLoader.Load(ApplyLedgers.TwoVersions, "MIGRATIONS.md");
        var layout = new ScopeLayout(
        [
            new ScopeDefinition(Scopes.System) { Database = Path.Combine(dir.Path, "system.db") },
            new ScopeDefinition("settings") { Database = Path.Combine(dir.Path, "settings.db") },
            new ScopeDefinition(Scopes.User) { From = Scopes.System, Query = "SELECT username FROM users", Database = Path.Combine(dir.Path, "users", "{user}.db") },
            new ScopeDefinition("cache") { Glob = Path.Combine(dir.Path, "cache", "*.db") },
        ]);
        return (new ScopeTargets(layout, new EngineRegistry(new SqliteEngine())), loaded.Set!);
    }

    private static string Shown(TempDirectory dir, string path) => Path.GetRelativePath(dir.Path, path);

    [TestMethod]
    public async Task TextJsonAndProgressShowEveryScopeByItsName()
    {
        using var dir = new TempDirectory();
        (ScopeTargets targets, MigrationSet set) = Layout(dir);
        Directory.CreateDirectory(Path.Combine(dir.Path, "cache"));
        TestDb.Execute(Path.Combine(dir.Path, "cache", "c1.db"), "CREATE TABLE entries (k)");
        var progress = new StringWriter();

        RunResult result = await new MigrationRunner(targets).ApplyAsync(set, new ApplyOptions { Backup = false, CreateMissing = true },
            new ProgressDisplay(progress, live: false, p => Shown(dir, p)));
        var text = new StringWriter();
        var json = new StringWriter();
        RunReport.WriteText(text, result, p => Shown(dir, p));
        RunReport.WriteJson(json, result, p => Shown(dir, p));

        Assert.AreEqual(0, result.ExitCode, text.ToString());
        StringAssert.Contains(text.ToString(),
            "target 1.1.0: 3 migrated, 0 already current, 0 failed, 0 skipped (of 3 user databases); " +
            "1 migrated, 0 already current, 0 failed, 0 skipped (of 1 cache database); system migrated; settings migrated");
        StringAssert.Contains(progress.ToString(), "settings (settings.db): migrated baseline → 1.1.0 (2 steps");
        StringAssert.Contains(progress.ToString(), "cache databases: 1/1 done, 0 failed");
        using JsonDocument doc = JsonDocument.Parse(json.ToString());
        JsonElement scopes = doc.RootElement.GetProperty("scopes");
        CollectionAssert.AreEqual(new[] { "system", "settings", "user", "cache" }, scopes.EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToArray());
        Assert.AreEqual("migrated", scopes[1].GetProperty("database").GetProperty("outcome").GetString());
        Assert.AreEqual("settings.db", scopes[1].GetProperty("database").GetProperty("path").GetString());
        Assert.IsTrue(scopes[3].GetProperty("set").GetBoolean());
        Assert.AreEqual(1, scopes[3].GetProperty("summary").GetProperty("migrated").GetInt32());
        Assert.AreEqual(4, doc.RootElement.GetProperty("summary").GetProperty("migrated").GetInt32(), "summary: every member of every set");
        Assert.AreEqual(4, doc.RootElement.GetProperty("users").GetArrayLength());
    }

    [TestMethod]
    public async Task ASingleDatabaseThatFailsIsInTheSummaryAndTheLaterScopesSayWhyTheyWereNotReached()
    {
        using var dir = new TempDirectory();
        (ScopeTargets targets, MigrationSet set) = Layout(dir);
        dir.Write("settings.db", "this is not a database, and it is long enough to be read as a header by SQLite ......");

        RunResult result = await new MigrationRunner(targets).ApplyAsync(set, new ApplyOptions { Backup = false, CreateMissing = true });
        var text = new StringWriter();
        var json = new StringWriter();
        RunReport.WriteText(text, result, p => Shown(dir, p));
        RunReport.WriteJson(json, result, p => Shown(dir, p));

        Assert.AreEqual(1, result.ExitCode, text.ToString());
        StringAssert.Contains(text.ToString(), "; system migrated; settings failed");
        StringAssert.Contains(text.ToString(), "note: the settings database ended 'failed', so no user database was touched");
        StringAssert.Contains(text.ToString(), "note: the settings database ended 'failed', so no cache database was touched");
        StringAssert.Contains(text.ToString(), "  settings (settings.db): FAILED: ");
        using JsonDocument doc = JsonDocument.Parse(json.ToString());
        JsonElement user = doc.RootElement.GetProperty("scopes")[2];
        Assert.AreEqual("the settings database ended 'failed', so no user database was touched", user.GetProperty("notReached").GetString());
        Assert.AreEqual("failed", doc.RootElement.GetProperty("scopes")[1].GetProperty("database").GetProperty("outcome").GetString());
    }

    [TestMethod]
    public async Task StatusAndPlanShowEveryScope()
    {
        using var dir = new TempDirectory();
        (ScopeTargets targets, MigrationSet set) = Layout(dir);

        InspectionResult result = await new LedgerInspector(targets).InspectAsync(set, null, integrity: null);
        var table = new StringWriter();
        var plan = new StringWriter();
        var json = new StringWriter();
        InspectionReport.WriteStatusTable(table, result, p => Shown(dir, p));
        InspectionReport.WritePlan(plan, result, p => Shown(dir, p));
        InspectionReport.WriteJson(json, result, p => Shown(dir, p), result.ReadExitCode);

        StringAssert.Contains(table.ToString(), "settings (settings.db)  (missing)");
        StringAssert.Contains(plan.ToString(), "settings (settings.db) (would be created): baseline → 1.1.0, 2 step(s)");
        StringAssert.Contains(plan.ToString(), "note: user databases are listed by the system database, which does not exist yet");
        using JsonDocument doc = JsonDocument.Parse(json.ToString());
        CollectionAssert.AreEqual(new[] { "system", "settings", "user", "cache" },
            doc.RootElement.GetProperty("scopes").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToArray());
        Assert.AreEqual("settings", doc.RootElement.GetProperty("databases")[1].GetProperty("scope").GetString());
    }
}
