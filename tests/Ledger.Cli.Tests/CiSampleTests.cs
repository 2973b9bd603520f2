using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ledger.Cli.Tests;

/// <summary>
/// The ready-to-copy CI files under samples/ci: valid YAML of the expected shape, and their <c>ledger lint</c> command
/// lines — taken from the files, not copied into the test — run by a shell, as CI or git would, on a pull request.
/// </summary>
[TestClass]
[OSCondition(OperatingSystems.Linux | OperatingSystems.OSX)]
public sealed partial class CiSampleTests
{
    private static readonly string Samples = Path.Combine(LedgerProcess.RepositoryRoot(), "samples", "ci");
    private static readonly string Workflow = Path.Combine(Samples, "github-actions-ledger.yml");
    private static readonly string GitLab = Path.Combine(Samples, "gitlab-ci.yml");
    private static readonly string Hook = Path.Combine(Samples, "pre-commit");

    private const string Released = "ALTER TABLE notes ADD COLUMN body TEXT;";
    private static readonly string Ledger = Ledgers.Clean + "\n" + Ledgers.Reversible("user", "1.0.0", "1.1.0", Released, "ALTER TABLE notes DROP COLUMN body;");
    private static readonly string Edited = Ledger.Replace(Released, "ALTER TABLE notes ADD COLUMN body BLOB;", StringComparison.Ordinal);
    private static readonly string Appended = Ledger + "\n" + Ledgers.Reversible("user", "1.1.0", "1.2.0", "CREATE TABLE tags (id INTEGER);", "DROP TABLE tags;");

    [TestMethod]
    [DataRow("github-actions-ledger.yml")]
    [DataRow("gitlab-ci.yml")]
    public void TheCiFilesAreWellFormedYaml(string file)
    {
        string text = File.ReadAllText(Path.Combine(Samples, file));

        (List<string> problems, _) = YamlShape.Check(text);

        Assert.IsEmpty(problems, string.Join("\n", problems));
        // A full parser as well, where one is installed (python3 with PyYAML); the shape check above always runs.
        if (PythonYaml(Path.Combine(Samples, file)) is string error) Assert.Fail($"PyYAML rejects {file}: {error}");
    }

    [TestMethod]
    public void TheWorkflowHasTheStepsCodeScanningNeeds()
    {
        (_, List<(string Path, string Value)> values) = YamlShape.Check(File.ReadAllText(Workflow));
        string? Value(string path) => values.Where(v => v.Path == path).Select(v => v.Value).FirstOrDefault();
        IEnumerable<string> All(string path) => values.Where(v => v.Path == path).Select(v => v.Value);

        Assert.AreEqual("write", Value("permissions.security-events"));
        Assert.AreEqual("0", Value("jobs.lint.steps[].with.fetch-depth"), "--base needs the target branch fetched");
        Assert.IsTrue(All("jobs.lint.steps[].uses").Any(u => u.StartsWith("github/codeql-action/upload-sarif@", StringComparison.Ordinal)));
        string sarifRun = All("jobs.lint.steps[].run").Single(r => r.Contains("--format sarif", StringComparison.Ordinal));
        Assert.Contains($"> {Value("jobs.lint.steps[].with.sarif_file")} ", sarifRun, "the uploaded file is the one written");
        Assert.IsTrue(All("jobs.lint.steps[].run").Any(r => r.Contains("--format github", StringComparison.Ordinal)));
        Assert.IsTrue(values.Any(v => v.Path == "on.pull_request.paths[]" && v.Value == "MIGRATIONS.md"));
    }

    [TestMethod]
    public void TheWorkflowCommandsAnnotateAndReportAnEditedReleasedBlock()
    {
        using var dir = new TempDirectory();
        GitRepository repo = PullRequest(dir, Edited);
        string[] commands = LintCommands(Workflow);
        Assert.HasCount(2, commands);
        var env = new Dictionary<string, string> { ["GITHUB_BASE_REF"] = "main" };

        ProcessResult annotations = Shell(dir, repo, commands.Single(c => c.Contains("--format github", StringComparison.Ordinal)), env);
        ProcessResult sarif = Shell(dir, repo, commands.Single(c => c.Contains("--format sarif", StringComparison.Ordinal)), env);

        Assert.AreEqual(1, annotations.ExitCode, annotations.ToString());
        int line = Array.IndexOf(Edited.Split('\n'), "ALTER TABLE notes ADD COLUMN body BLOB;") + 1;
        Assert.StartsWith($"::error file=MIGRATIONS.md,line={line},col=1,title=LDG030::block user 1.0.0→1.1.0 was edited", annotations.OutLines.Single());
        Assert.AreEqual(0, sarif.ExitCode, "findings must not fail the SARIF step, or nothing is uploaded: " + sarif);
        using JsonDocument report = JsonDocument.Parse(repo.Read("ledger.sarif"));
        JsonElement result = report.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().Single();
        Assert.AreEqual("LDG030", result.GetProperty("ruleId").GetString());
        Assert.AreEqual(line, result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32());
    }

    [TestMethod]
    public void TheWorkflowCommandsPassAnAppendedVersionAndFailOnAMissingBase()
    {
        using var dir = new TempDirectory();
        GitRepository repo = PullRequest(dir, Appended);
        string[] commands = LintCommands(Workflow);

        foreach (string command in commands)
        {
            ProcessResult ok = Shell(dir, repo, command, new Dictionary<string, string> { ["GITHUB_BASE_REF"] = "main" });
            ProcessResult unfetched = Shell(dir, repo, command, new Dictionary<string, string> { ["GITHUB_BASE_REF"] = "release" });

            Assert.AreEqual(0, ok.ExitCode, $"{command}\n{ok}");
            Assert.AreNotEqual(0, unfetched.ExitCode, $"a base that was not fetched must fail the step: {command}\n{unfetched}");
            Assert.Contains("no such revision", unfetched.Error);
        }
    }

    [TestMethod]
    public void TheGitLabJobFailsOnAnEditedReleasedBlock()
    {
        using var dir = new TempDirectory();
        GitRepository repo = PullRequest(dir, Edited);
        var env = new Dictionary<string, string>
        {
            ["CI_MERGE_REQUEST_TARGET_BRANCH_NAME"] = "main",
            ["CI_MERGE_REQUEST_DIFF_BASE_SHA"] = repo.Git("merge-base", "HEAD", "origin/main").Trim(),
        };
        string script = string.Join("\n", ScriptLines(GitLab));
        Assert.Contains("ledger lint --base", script);

        ProcessResult result = Shell(dir, repo, script, env);

        Assert.AreEqual(1, result.ExitCode, result.ToString());
        Assert.Contains("error LDG030: block user 1.0.0→1.1.0 was edited", result.Out);
    }

    [TestMethod]
    public void ThePreCommitHookStopsAnEditAndLetsAnAppendThrough()
    {
        using var dir = new TempDirectory();
        GitRepository repo = GitRepository.Init(Path.Combine(dir.Path, "repo"));
        repo.Write("MIGRATIONS.md", Ledger);
        var env = new Dictionary<string, string> { ["PATH"] = $"{LedgerProcess.WriteShim(Path.Combine(dir.Path, "bin"))}:{Environment.GetEnvironmentVariable("PATH")}" };
        string hook = Path.Combine(repo.Path, ".git", "hooks", "pre-commit");
        File.Copy(Hook, hook);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        ProcessResult first = Commit(repo, env, "the first ledger");
        repo.Write("MIGRATIONS.md", Edited);
        ProcessResult edited = Commit(repo, env, "edit a released block");
        repo.Write("MIGRATIONS.md", Appended);
        ProcessResult appended = Commit(repo, env, "append 1.2.0");

        Assert.AreEqual(0, first.ExitCode, first.ToString());
        Assert.AreNotEqual(0, edited.ExitCode, edited.ToString());
        Assert.Contains("error LDG030", edited.Out + edited.Error);
        Assert.AreEqual(0, appended.ExitCode, appended.ToString());
        Assert.AreEqual("append 1.2.0", repo.Git("log", "-1", "--format=%s").Trim());
    }

    /// <summary>
    /// A repository as CI sees a pull request: a bare <c>origin</c> whose <c>main</c> holds the ledger, and a clone on a
    /// branch that changes it to <paramref name="change"/>.
    /// </summary>
    private static GitRepository PullRequest(TempDirectory dir, string change)
    {
        GitRepository author = GitRepository.Init(Path.Combine(dir.Path, "author"));
        author.Write("MIGRATIONS.md", Ledger);
        author.CommitAll("ledger");
        string origin = Path.Combine(dir.Path, "origin.git");
        author.Git("clone", "--quiet", "--bare", author.Path, origin);
        GitRepository clone = GitRepository.Clone(origin, Path.Combine(dir.Path, "checkout"));
        clone.Git("switch", "--quiet", "-c", "feature");
        clone.Write("MIGRATIONS.md", change);
        clone.CommitAll("the pull request");
        return clone;
    }

    private static ProcessResult Commit(GitRepository repo, IReadOnlyDictionary<string, string> env, string message)
    {
        repo.Git("add", "--all");
        return repo.TryGit(env, "commit", "--quiet", "-m", message);
    }

    /// <summary>The <c>run:</c> lines of the workflow that call <c>ledger lint</c>, as written.</summary>
    private static string[] LintCommands(string file) =>
        File.ReadAllLines(file).Select(l => RunLine().Match(l)).Where(m => m.Success).Select(m => m.Groups["command"].Value).ToArray();

    /// <summary>The items of the job's <c>script:</c> list, as written.</summary>
    private static IEnumerable<string> ScriptLines(string file)
    {
        bool inScript = false;
        foreach (string line in File.ReadAllLines(file))
        {
            if (line.Trim() == "script:") inScript = true;
            else if (inScript && line.TrimStart().StartsWith("- ", StringComparison.Ordinal)) yield return line.TrimStart()[2..];
            else if (inScript && line.Trim().Length > 0) yield break;
        }
    }

    /// <summary>Runs shell lines as a CI runner does (<c>bash -e</c>), with <c>ledger</c> on PATH being the built tool.</summary>
    private static ProcessResult Shell(TempDirectory dir, GitRepository repo, string script, IReadOnlyDictionary<string, string> env)
    {
        string bin = LedgerProcess.WriteShim(Path.Combine(dir.Path, "bin"));
        var start = new ProcessStartInfo("bash") { WorkingDirectory = repo.Path, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-e");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.Environment["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        foreach ((string key, string value) in env) start.Environment[key] = value;
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new ProcessResult(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Null when PyYAML loads the file, its error otherwise; null too when python3 or PyYAML is not installed.</summary>
    private static string? PythonYaml(string file)
    {
        try
        {
            var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("import sys\ntry:\n    import yaml\nexcept ImportError:\n    sys.exit(3)\nyaml.safe_load(open(sys.argv[1], encoding='utf-8'))");
            start.ArgumentList.Add(file);
            using Process process = Process.Start(start)!;
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode == 3) Console.WriteLine("PyYAML's parse not run (the shape check did): python3 has no yaml module; apt-get install python3-yaml to run it");
            return process.ExitCode is 0 or 3 ? null : error;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Console.WriteLine("PyYAML's parse not run (the shape check did): there is no python3; install python3 and python3-yaml to run it");
            return null;
        }
    }

    [GeneratedRegex(@"^\s*(?:- )?run: (?<command>ledger lint .*)$")]
    private static partial Regex RunLine();
}
