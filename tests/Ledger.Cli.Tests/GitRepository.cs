using System.Diagnostics;

namespace Ledger.Cli.Tests;

/// <summary>A small git repository in a temp folder, driven through the git command, for the <c>--base</c> tests.</summary>
public sealed class GitRepository
{
    private GitRepository(string path) => Path = path;

    public string Path { get; }

    /// <summary>A new repository on branch <c>main</c>.</summary>
    public static GitRepository Init(string path)
    {
        Directory.CreateDirectory(path);
        var repo = new GitRepository(path);
        repo.Git("init", "--quiet", "--initial-branch=main");
        return repo;
    }

    /// <summary>A clone of <paramref name="origin"/> (a bare repository), so that <c>origin/main</c> exists.</summary>
    public static GitRepository Clone(string origin, string path)
    {
        Run(System.IO.Path.GetDirectoryName(path)!, null, "clone", "--quiet", origin, path);
        return new GitRepository(path);
    }

    public void Write(string relativePath, string text) =>
        File.WriteAllText(System.IO.Path.Combine(Path, relativePath), text);

    public string Read(string relativePath) => File.ReadAllText(System.IO.Path.Combine(Path, relativePath));

    /// <summary>Stages everything and commits, as a fixed author, without signing or hooks.</summary>
    public void CommitAll(string message)
    {
        Git("add", "--all");
        Git("commit", "--quiet", "--no-verify", "-m", message);
    }

    /// <summary>Runs git here and returns its stdout; fails the test when git fails.</summary>
    public string Git(params string[] args) => Run(Path, null, args);

    /// <summary>Runs git with extra environment (e.g. PATH for hooks) and returns the result, failing or not.</summary>
    public ProcessResult TryGit(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        Start(Path, environment, args);

    private static string Run(string directory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        ProcessResult result = Start(directory, environment, args);
        if (result.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {result}");
        return result.Out;
    }

    private static ProcessResult Start(string directory, IReadOnlyDictionary<string, string>? environment, string[] args)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Independent of the machine's git configuration: fixed author, no signing, no global hooks or templates.
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        foreach ((string key, string value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        foreach (string config in new[] { "user.name=Ledger Tests", "user.email=tests@example.invalid", "commit.gpgsign=false", "core.autocrlf=false" })
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(config);
        }

        foreach (string arg in args) start.ArgumentList.Add(arg);
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new ProcessResult(process.ExitCode, output.Result, error.Result);
    }
}
