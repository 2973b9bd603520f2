using System.Text;
using System.Text.RegularExpressions;

namespace Ledger.Cli.Tests;

/// <summary>
/// The native build (Native AOT, named by <c>LEDGER_TEST_EXECUTABLE</c>) against the JIT build (<c>ledger.dll</c> beside
/// the tests): each scenario runs twice, on fresh identical folders, once per build, and every command's stdout, stderr
/// and exit code must be byte-identical, and so must what the scenario leaves behind (files, schemas, journals).
/// Only a few things are made equal before comparing: the scenario folder's path, the milliseconds and rate that
/// <c>apply</c> and <c>rollback</c> measure, and the timed progress lines of a long fan-out (see <see cref="Normalized"/>).
/// What is left behind: each file, each SQLite database's schema and journal, and for the PostgreSQL scenario its
/// tables, indexes and every schema's journal (see <see cref="PostgresState"/>).
/// </summary>
[TestClass]
public sealed partial class NativeParityTests
{
    /// <summary>One command of a scenario, or a change made between commands (an edit, a row inserted).</summary>
    private sealed record Step(string[]? Args, Action<TempDirectory>? Change)
    {
        public override string ToString() => Args is null ? "(change)" : "ledger " + string.Join(' ', Args);
    }

    /// <summary>What a scenario starts from and the steps it takes; <c>Prepare</c> runs before each build's pass, <c>Database</c> after it (what it left in a server).</summary>
    private sealed record Scenario(Action<TempDirectory> Setup, Step[] Steps, Action? Prepare = null, Func<string>? Database = null);

    private static Step L(params string[] args) => new(args, null);

    private static Step Do(Action<TempDirectory> change) => new(null, change);

    private static readonly string[] LintFormats = ["text", "json", "github", "sarif"];

    /// <summary>Every lint format, and the flags that change what lint prints, on one ledger.</summary>
    private static Step[] LintEverything(string ledger) =>
    [
        .. LintFormats.Select(f => L("lint", "--ledger", ledger, "--format", f)),
        L("lint", "--ledger", ledger, "--strict"),
        L("lint", "--ledger", ledger, "--quiet"),
        L("lint", "--ledger", ledger, "--require-down", "--format", "json"),
        L("lint", "--ledger", ledger, "--no-sql-check", "--format", "github"),
    ];

    private static Action<TempDirectory> Files(params (string Path, string Text)[] files) => dir =>
    {
        foreach ((string path, string text) in files) dir.Write(path, text);
    };

    /// <summary>The repository's demo: its ledger and its ledger.json.</summary>
    private static void Demo(TempDirectory dir) => DemoLedger.WriteInto(dir);

    private static Action<TempDirectory> TwoVersions(string ledger) => Files(("ledger.json", ApplyLedgers.Config), ("MIGRATIONS.md", ledger));

    /// <summary>The PostgreSQL scenario's database: one name, created afresh before each build's pass.</summary>
    private static readonly string PostgresDatabase = "parity_" + Guid.NewGuid().ToString("N")[..12];

    private static string PostgresConfig => $$"""
        {
          "scopes": {
            "system": { "engine": "postgres", "database": "{{CliPostgres.Server.ConnectionString(PostgresDatabase)}}" },
            "tenant": { "engine": "postgres", "from": "system", "query": "SELECT name FROM tenants ORDER BY name",
                        "database": "{{CliPostgres.Server.ConnectionString(PostgresDatabase)}}", "schema": "tenant_{user}", "createMissing": true }
          }
        }
        """;

    /// <summary>
    /// <see cref="PostgresCliTests.Ledger"/> with a unique index in 1.0.0 → 1.1.0 (so that duplicate rows make that step
    /// fail for one tenant) and a down block for it.
    /// </summary>
    private static readonly string PostgresLedger = PostgresCliTests.Ledger.Replace(
            "ALTER TABLE notes ADD COLUMN topic text;\n",
            "ALTER TABLE notes ADD COLUMN topic text;\nCREATE UNIQUE INDEX notes_body ON notes (body);\n",
            StringComparison.Ordinal)
        + "\n\n" + LedgerText.FencedBlock("tenant", "1.1.0", "1.0.0", "DROP INDEX notes_body;\nALTER TABLE notes DROP COLUMN topic;");

    private static void FreshPostgresDatabase()
    {
        CliPostgres.Server.Psql($"DROP DATABASE IF EXISTS {PostgresDatabase} WITH (FORCE)");
        CliPostgres.Server.Psql($"CREATE DATABASE {PostgresDatabase}");
    }

    /// <summary>The PostgreSQL scenario's database: every table's columns, every index, and each journal (not its times).</summary>
    private static string PostgresState()
    {
        const string Mine = "table_schema NOT IN ('pg_catalog', 'information_schema')";
        var state = new StringBuilder("# PostgreSQL\n");
        state.AppendLine(CliPostgres.Server.Psql($"SELECT table_schema || '.' || table_name || ' ' || column_name || ' ' || data_type || ' ' || is_nullable FROM information_schema.columns WHERE {Mine} ORDER BY table_schema, table_name, ordinal_position", PostgresDatabase));
        state.AppendLine(CliPostgres.Server.Psql("SELECT schemaname || ': ' || indexdef FROM pg_indexes WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY schemaname, indexname", PostgresDatabase));
        foreach (string schema in CliPostgres.Server.Psql($"SELECT table_schema FROM information_schema.tables WHERE table_name = 'ledger_history' AND {Mine} ORDER BY 1", PostgresDatabase).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            state.Append($"# {schema}.ledger_history\n").AppendLine(CliPostgres.Server.Psql(
                $"SELECT scope || ' ' || from_version || '->' || to_version || ' ' || kind || ' ' || checksum || ' ' || coalesce(title, '') FROM \"{schema}\".ledger_history ORDER BY scope, from_version, to_version", PostgresDatabase));
        }

        return state.ToString();
    }

    private static readonly Dictionary<string, Scenario> Scenarios = new(StringComparer.Ordinal)
    {
        ["lint: clean, errors, warnings, SQL errors, no down block"] = new(
            Files(("clean.md", Ledgers.Clean), ("error.md", Ledgers.WithError), ("warning.md", Ledgers.WithWarning),
                  ("sql-error.md", Ledgers.WithSqlError), ("no-down.md", Ledgers.WithoutDown)),
            [.. new[] { "clean.md", "error.md", "warning.md", "sql-error.md", "no-down.md" }.SelectMany(LintEverything)]),

        ["lint: the demo ledger and ledger.json"] = new(Demo, [.. LintFormats.Select(f => L("lint", "--format", f))]),

        ["lint --base: an edited released block"] = new(
            dir =>
            {
                GitRepository repo = GitRepository.Init(dir.Full("repo"));
                repo.Write("MIGRATIONS.md", Ledgers.Clean);
                repo.CommitAll("ledger");
                repo.Write("MIGRATIONS.md", Ledgers.Clean.Replace("DROP TABLE notes;", "DROP TABLE IF EXISTS notes;", StringComparison.Ordinal));
                repo.CommitAll("edit a released block");
            },
            [
                .. LintFormats.Select(f => L("lint", "--ledger", "repo/MIGRATIONS.md", "--base", "HEAD~1", "--format", f)),
                L("lint", "--ledger", "repo/MIGRATIONS.md", "--base", "no-such-revision"),
            ]),

        ["plan, apply, status, verify, new: two versions, every format"] = new(
            TwoVersions(ApplyLedgers.TwoVersions),
            [
                L("plan"), L("plan", "--format", "sql"), L("plan", "--format", "json"), L("plan", "--format", "sql", "--transaction", "per-database"),
                L("status"), L("status", "--format", "json"), L("verify"), L("verify", "--format", "json"),
                L("apply", "--target", "1.0.0"),
                L("plan", "--format", "json"), L("status"),
                L("apply"),
                L("apply"), L("apply", "--format", "json"),
                L("status"), L("status", "--format", "json"), L("verify"), L("verify", "--format", "json", "--full-check"),
                L("plan"), L("plan", "--format", "sql"), L("plan", "--format", "json"),
                L("new", "--to", "1.2.0", "--title", "Tags get a colour"), L("lint"),
                L("new", "--to", "1.1.5"),
                L("status", "--scope", "user"),
            ]),

        ["apply --format json migrating, then rollback in both formats"] = new(
            TwoVersions(ApplyLedgers.TwoVersions + "\n\n" + LedgerText.FencedBlock("user", "1.1.0", "1.0.0", "DROP INDEX notes_title;\nDROP TABLE tags;\nALTER TABLE notes DROP COLUMN title;")),
            [
                L("apply", "--format", "json"),
                L("plan", "--rollback-to", "1.0.0"), L("plan", "--rollback-to", "1.0.0", "--format", "sql"), L("plan", "--rollback-to", "1.0.0", "--format", "json"),
                L("rollback", "--to", "1.0.0", "--format", "json"),
                L("status"),
                L("apply", "--parallel", "1"),
                L("rollback", "--to", "1.0.0"),
                L("rollback", "--to", "baseline"),
                L("rollback", "--to", "0.9.0"),
            ]),

        ["the demo: apply, rollback, apply again"] = new(
            Demo,
            [
                L("apply", "--no-backup"), L("status"),
                L("plan", "--rollback-to", "1.3.0"), L("rollback", "--to", "1.3.0", "--no-backup"),
                L("status", "--format", "json"), L("apply", "--no-backup", "--transaction", "per-database"), L("verify"),
            ]),

        // Every user fails here, and each failure is printed on stderr when it happens: one at a time (--parallel 1),
        // so that the order is the same in both runs.
        ["a failing step, then the fix"] = new(
            TwoVersions(ApplyLedgers.TwoVersionsWithTypo),
            [
                L("apply", "--parallel", "1"), L("status"), L("apply", "--format", "json", "--parallel", "1"), L("apply", "--fail-fast", "--parallel", "1"),
                L("verify"), L("verify", "--format", "json"),
                Do(dir => dir.Write("MIGRATIONS.md", ApplyLedgers.TwoVersions)),
                L("apply"), L("status"),
            ]),

        ["drift: an applied block edited"] = new(
            TwoVersions(ApplyLedgers.TwoVersions),
            [
                L("apply"),
                Do(dir => dir.Write("MIGRATIONS.md", ApplyLedgers.TwoVersions.Replace("body TEXT NOT NULL", "body TEXT", StringComparison.Ordinal))),
                L("status"), L("status", "--format", "json"), L("verify"), L("verify", "--format", "json"),
                // --allow-drift prints a warning per user in the order the users finished (not sorted, unlike the
                // "not done" list): one at a time, so that the order is the same in both runs.
                L("apply"), L("apply", "--format", "json"), L("plan"), L("apply", "--allow-drift", "--parallel", "1"),
                L("lint"),
            ]),

        ["baseline of databases made before Ledger"] = new(
            dir =>
            {
                dir.Write("MIGRATIONS.md", ApplyLedgers.TwoVersions);
                foreach (string name in new[] { "old", "older" })
                {
                    Directory.CreateDirectory(dir.Full("tenants"));
                    TestDb.Execute(dir.Full($"tenants/{name}.db"), "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
                }
            },
            [
                L("status", "--users-glob", "tenants/*.db"),
                L("baseline", "--version", "1.0.0", "--users-glob", "tenants/*.db"),
                L("baseline", "--version", "1.0.0", "--users-glob", "tenants/*.db"),
                L("baseline", "--version", "7.0.0", "--users-glob", "tenants/*.db"),
                L("apply", "--users-glob", "tenants/*.db", "--no-backup"),
                L("status", "--users-glob", "tenants/*.db", "--format", "json"),
            ]),

        ["help, version and usage errors"] = new(
            TwoVersions(ApplyLedgers.TwoVersions),
            [
                L("--help"), L("--version"), L("help"), L(), L("version"),
                .. new[] { "apply", "rollback", "plan", "status", "verify", "lint", "new", "baseline" }.Select(v => L(v, "--help")),
                L("frobnicate"), L("apply", "--no-such-flag"), L("lint", "--format", "xml"), L("plan", "--format", "github"),
                L("status", "--format", "sarif"), L("verify", "--format", "sql"), L("apply", "--format", "yaml"),
                L("rollback"), L("new"), L("baseline"), L("apply", "--parallel", "many"), L("apply", "--transaction", "sometimes"),
                L("lint", "--ledger", "missing.md"), L("status", "--config", "missing.json"),
                L("-h"), L("apply", "-h"), L("help", "apply"), L("aply"), L("apply", "--paralel", "4"), L("apply", "--target"),
                L("apply", "--target", "--format", "json"), L("status", "extra"), L("--target", "1.0.0"),
                Do(dir => dir.Write("ledger.json", "{ \"system\": ")), L("status"),
                Do(dir => dir.Write("ledger.json", "{ \"sytem\": \"data/system.db\" }")), L("apply"),
            ]),

        ["PostgreSQL: a system database and a schema per tenant"] = new(
            dir => Files(("ledger.json", PostgresConfig), ("MIGRATIONS.md", PostgresLedger))(dir),
            [
                L("lint"), L("lint", "--format", "json"),
                L("plan"), L("plan", "--format", "sql"), L("plan", "--format", "json"),
                L("apply", "--target", "1.0.0"), L("status"), L("status", "--format", "json"),
                Do(_ => CliPostgres.Server.Psql("INSERT INTO tenant_bob.notes VALUES (1, 'same'), (2, 'same')", PostgresDatabase)),
                L("apply"), L("apply", "--format", "json"), L("verify"), L("verify", "--format", "json"),
                Do(_ => CliPostgres.Server.Psql("DELETE FROM tenant_bob.notes WHERE id = 2", PostgresDatabase)),
                L("apply"), L("plan", "--rollback-to", "1.0.0", "--format", "sql"),
                L("rollback", "--to", "1.0.0", "--format", "json"), L("rollback", "--to", "1.0.0"), L("status"),
            ],
            FreshPostgresDatabase, PostgresState),
    };

    public static IEnumerable<object[]> ScenarioNames => Scenarios.Keys.Select(k => new object[] { k });

    [TestMethod]
    [DynamicData(nameof(ScenarioNames))]
    public void TheNativeBuildPrintsExactlyWhatTheJitBuildPrints(string name)
    {
        string native = NativeExecutable();
        Scenario scenario = Scenarios[name];

        List<(Step Step, ProcessResult Result)> jit = Play(scenario, executable: null, out string jitState);
        List<(Step Step, ProcessResult Result)> aot = Play(scenario, native, out string aotState);

        var differences = new StringBuilder();
        int count = 0;
        for (int i = 0; i < jit.Count; i++)
        {
            (Step step, ProcessResult expected) = jit[i];
            ProcessResult actual = aot[i].Result;
            if (expected == actual) continue;
            // The first few in full; the rest by name, so that one broken verb does not bury the others.
            differences.Append(++count <= 5 ? $"\n=== {step}\n--- JIT:\n{expected}\n--- native:\n{actual}\n" : $"\n=== also differs: {step}");
        }

        if (jitState != aotState) differences.Append($"\n=== what the scenario left behind\n--- JIT:\n{jitState}\n--- native:\n{aotState}\n");
        Assert.AreEqual(0, differences.Length, $"the native build differs from the JIT build ({native}):{differences}");
    }

    /// <summary>
    /// Set to 1 by <c>.ci/run</c> for its run against the native build: there, a test of the native build that cannot run
    /// (its variable is missing, the platform is not the one it checks) fails instead of reporting Inconclusive, which
    /// the run's count would not show.
    /// </summary>
    internal const string RequireNativeVariable = "LEDGER_TEST_REQUIRE_NATIVE";

    /// <summary>Inconclusive saying <paramref name="why"/>, or a failure when <see cref="RequireNativeVariable"/> is 1.</summary>
    internal static void NotRun(string why)
    {
        if (Environment.GetEnvironmentVariable(RequireNativeVariable) == "1") Assert.Fail($"{RequireNativeVariable}=1, but this test of the native build cannot run: {why}");
        Assert.Inconclusive(why);
    }

    /// <summary>The native <c>ledger</c> to compare, or Inconclusive saying how to run this test.</summary>
    internal static string NativeExecutable()
    {
        if (LedgerProcess.Executable is string native) return native;
        NotRun(
            $"{LedgerProcess.ExecutableVariable} is not set: this test compares the native build with the JIT build. Publish it and point the variable at it: " +
            "dotnet publish src/Ledger.Cli -c Release -r linux-x64 -o /tmp/ledger-native && " +
            $"{LedgerProcess.ExecutableVariable}=/tmp/ledger-native/ledger dotnet test tests/Ledger.Cli.Tests (.ci/run does both).");
        return "";
    }

    /// <summary>Runs the scenario in a fresh folder with one build; its results, normalized, and what it left behind.</summary>
    private static List<(Step Step, ProcessResult Result)> Play(Scenario scenario, string? executable, out string state)
    {
        scenario.Prepare?.Invoke();
        using var dir = new TempDirectory();
        scenario.Setup(dir);
        var results = new List<(Step, ProcessResult)>();
        foreach (Step step in scenario.Steps)
        {
            if (step.Change is not null)
            {
                // A change can fail when an earlier command did not do its part (no table to insert into): that is
                // reported with the differences, not as an exception that hides them.
                try
                {
                    step.Change(dir);
                }
                catch (Exception e) when (executable is not null)
                {
                    results.Add((step, new ProcessResult(-1, "", $"the change failed: {e.Message}")));
                    continue;
                }

                results.Add((step, new ProcessResult(0, "", "")));
                continue;
            }

            ProcessResult run = LedgerProcess.RunWith(executable, dir.Path, step.Args!);
            results.Add((step, new ProcessResult(run.ExitCode, Normalized(run.Out, dir), Normalized(run.Error, dir))));
        }

        state = LeftBehind(dir) + scenario.Database?.Invoke();
        return results;
    }

    /// <summary>
    /// The output with the scenario folder's path made <c>&lt;dir&gt;</c>, and the numbers that are measured, not
    /// computed, made <c>#</c>: a database's time in <c>apply</c>/<c>rollback</c> (<c>(2 steps, 14 ms)</c> on stderr,
    /// <c>"durationMs": 14</c> in JSON) and the rate of the final progress line (<c>user databases: 3/3 done, 0 failed,
    /// 25/s</c>). The periodic progress lines a fan-out longer than 5 s prints (<c>2/3 done, …, 25/s, ETA 00:04</c>) are
    /// dropped: whether one is printed at all depends on timing. Those cannot be the same in two runs; the scenarios avoid every other varying value (no backups: their names hold
    /// the time; no journal timestamps in the outputs they reach).
    /// </summary>
    private static string Normalized(string text, TempDirectory dir)
    {
        string shown = text.Replace(dir.Path, "<dir>", StringComparison.Ordinal).Replace(dir.Parent, "<parent>", StringComparison.Ordinal);
        shown = Progress().Replace(shown, m => m.Groups["done"].Value == m.Groups["total"].Value ? m.Value : "");
        shown = StepTime().Replace(shown, "${steps}# ms)");
        shown = JsonDuration().Replace(shown, "\"durationMs\": #");
        return Rate().Replace(shown, "${counts}#/s");
    }

    [GeneratedRegex(@"(?<steps>\(\d+ steps?, )\d+ ms\)")]
    private static partial Regex StepTime();

    [GeneratedRegex(@"""durationMs"": \d+")]
    private static partial Regex JsonDuration();

    [GeneratedRegex(@"(?<counts>databases: \d+/\d+ done, \d+ failed, )\d+/s")]
    private static partial Regex Rate();

    /// <summary>A progress line of a set's fan-out (ProgressDisplay, no terminal): the periodic ones are dropped, the final one (all done) kept.</summary>
    [GeneratedRegex(@"(?m)^[^\n]* databases: (?<done>\d+)/(?<total>\d+) done, \d+ failed, \d+/s(, ETA [0-9:]+)?\n")]
    private static partial Regex Progress();

    /// <summary>Every file the scenario left, with each SQLite database's schema and journal (not its timestamps) and each text file's content.</summary>
    private static string LeftBehind(TempDirectory dir)
    {
        var state = new StringBuilder();
        foreach (string file in Directory.EnumerateFiles(dir.Path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string relative = Path.GetRelativePath(dir.Path, file);
            if (relative.StartsWith("repo" + Path.DirectorySeparatorChar + ".git", StringComparison.Ordinal)) continue;
            state.Append("# ").AppendLine(relative);
            if (file.EndsWith(".db", StringComparison.Ordinal))
            {
                state.AppendJoin('\n', TestDb.Column(file, "SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master ORDER BY type, name")).AppendLine();
                if (TestDb.Column(file, "SELECT name FROM sqlite_master WHERE name = 'ledger_history'").Count > 0)
                {
                    state.AppendJoin('\n', TestDb.Column(file, "SELECT scope || ' ' || from_version || '->' || to_version || ' ' || kind || ' ' || checksum || ' ' || coalesce(title, '') FROM ledger_history ORDER BY rowid")).AppendLine();
                }
            }
            else if (file.EndsWith(".md", StringComparison.Ordinal) || file.EndsWith(".json", StringComparison.Ordinal))
            {
                state.AppendLine(File.ReadAllText(file));
            }
        }

        return state.ToString();
    }
}
