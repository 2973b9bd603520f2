using Ledger.Execution;
using Ledger.Linting;
using Ledger.Model;
using Ledger.Versions;

namespace Ledger.Sqlite.Tests.Engine;

/// <summary>
/// Spec §5: the real tatlock ledger, read where the shared folder keeps it (never copied into the repository),
/// applied to empty databases as its project would.
/// </summary>
[TestClass]
public sealed class TatlockAcceptanceTests
{
    private static readonly string[] SystemTables =
    [
        "groups", "passwords", "rise_and_shine", "roles", "setting_options", "system_settings", "tool_parameters", "tools", "user_groups",
        "user_roles", "users",
    ];

    [TestMethod]
    public async Task AppliesToEmptyDatabasesThenToTheDefaultAndPlannedTargets()
    {
        MigrationSet set = LoadTatlock();
        using var ws = new TestWorkspace();
        var options = new ApplyOptions { Backup = false, CreateMissing = true };

        // 1. Empty databases: the system reaches 0.3.20 with the 11 tables of its baseline; there are no users yet.
        RunResult first = await ws.ApplyAsync(set, options);

        Assert.AreEqual(0, first.ExitCode, TestWorkspace.Describe(first));
        Assert.AreEqual(SemVersion.Parse("0.3.20"), first.Target);
        Assert.AreEqual("0.3.20", first.System!.To?.Normalized);
        CollectionAssert.AreEqual(SystemTables, ws.Tables(ws.SystemPath));
        CollectionAssert.AreEqual(
            new[] { "system baseline->0.3.19 applied", "system 0.3.19->0.3.20 empty" }, ws.Journal(ws.SystemPath),
            "the system block of 0.3.19→0.3.20 holds only a comment");
        Assert.IsEmpty(first.Users);

        // 2. Two users sign up; the next run creates their databases from baseline.
        ws.Execute(ws.SystemPath, "INSERT INTO users (username, first_name, last_name) VALUES ('alice', 'Alice', 'A'), ('bob', 'Bob', 'B')");
        RunResult second = await ws.ApplyAsync(set, options);

        Assert.AreEqual(0, second.ExitCode, TestWorkspace.Describe(second));
        Assert.AreEqual(DatabaseOutcome.Current, second.System!.Outcome);
        foreach (string user in new[] { "alice", "bob" })
        {
            DatabaseResult r = TestWorkspace.Only(second, user);
            Assert.AreEqual(DatabaseOutcome.Migrated, r.Outcome);
            Assert.AreEqual("0.3.20", r.To?.Normalized);
            Assert.IsTrue(r.Warnings.Any(w => w.Contains("foreign key mismatch", StringComparison.Ordinal)), "tatlock's conversation_topics defect is reported");
            string path = ws.UserPath(user);
            CollectionAssert.Contains(ws.Tables(path), "conversation_messages");
            CollectionAssert.IsSubsetOf(new[] { "schema_version", "compact_summary", "compacted_up_to" }, ws.Columns(path, "conversations"));
            CollectionAssert.AreEqual(new[] { "user baseline->0.3.19 applied", "user 0.3.19->0.3.20 applied" }, ws.Journal(path));
        }

        // 0.3.21–0.3.23 are planned: on the line, not applied by default.
        CollectionAssert.AreEqual(new[] { "0.3.21", "0.3.22", "0.3.23" },
            set.Steps.Where(s => s.IsPlanned).Select(s => s.To.Normalized).ToArray());
        Assert.AreEqual("0.3.20", set.DefaultTarget.Normalized);

        // 3. Nothing left to do: nothing changes.
        var before = ws.Snapshot();
        RunResult third = await ws.ApplyAsync(set, options with { Backup = true });

        Assert.AreEqual(0, third.ExitCode, TestWorkspace.Describe(third));
        Assert.IsTrue(third.All.All(r => r.Outcome == DatabaseOutcome.Current));
        CollectionAssert.AreEqual(before, ws.Snapshot());

        // 4. --target 0.3.23 --include-planned: everything moves, the planned steps recorded as empty (asked for on purpose:
        // without IncludePlanned the run is refused).
        RunResult fourth = await ws.ApplyAsync(set, options with { Target = SemVersion.Parse("0.3.23"), IncludePlanned = true });

        Assert.AreEqual(0, fourth.ExitCode, TestWorkspace.Describe(fourth));
        Assert.IsTrue(fourth.All.All(r => r.Outcome == DatabaseOutcome.Migrated && r.To?.Normalized == "0.3.23"), TestWorkspace.Describe(fourth));
        foreach (string path in new[] { ws.SystemPath, ws.UserPath("alice"), ws.UserPath("bob") })
        {
            CollectionAssert.AreEqual(new[] { "0.3.21 empty", "0.3.22 empty", "0.3.23 empty" },
                ws.Column(path, "SELECT to_version || ' ' || kind FROM ledger_history WHERE to_version IN ('0.3.21', '0.3.22', '0.3.23') ORDER BY rowid"));
        }

        CollectionAssert.Contains(ws.Tables(ws.UserPath("alice")), "memories", "the planned DROP TABLE is a comment: it did not run");
    }

    private static MigrationSet LoadTatlock()
    {
        string? path = null;
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null && path is null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "ledgers", "tatlock-MIGRATIONS.md");
            if (File.Exists(candidate)) path = candidate;
        }

        if (path is null)
        {
            Assert.Inconclusive($"not run: this test applies a real-world ledger that is not part of the repository, and no shared/ledgers/tatlock-MIGRATIONS.md is in a folder above {AppContext.BaseDirectory}; put it at <repository>/../shared/ledgers/ to run it");
        }

        LoadedLedger loaded = LedgerLoader.LoadFile(path, Linting.SqliteLint.Options());
        Assert.IsNotNull(loaded.Set, string.Join("\n", loaded.Diagnostics));
        return loaded.Set;
    }
}
