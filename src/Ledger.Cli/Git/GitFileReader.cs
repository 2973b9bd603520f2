using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Ledger.Cli.Git;

/// <summary>
/// Reads a file as it is at a git revision, through the <c>git</c> command (no library): the repository is the one
/// holding the file's directory, the path is taken relative to its root (<c>git rev-parse --show-prefix</c>), and the
/// text comes from <c>git show REV:path</c>. Every way this can fail is a <see cref="CliException"/> (exit 2).
/// </summary>
public static class GitFileReader
{
    /// <summary>The file's text at <paramref name="revision"/>.</summary>
    /// <param name="fullPath">The file in the working tree.</param>
    /// <param name="shown">The file as the user named it, for messages.</param>
    /// <param name="revision">A git revision: a branch, tag, commit or expression such as <c>HEAD~1</c>.</param>
    /// <param name="cancellationToken">Stops waiting for git.</param>
    /// <exception cref="CliException">Not a repository, no such revision, no such file at it, or no git.</exception>
    public static async Task<string> ReadAsync(string fullPath, string shown, string revision, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(revision) || revision.StartsWith('-'))
        {
            throw new CliException($"--base: '{revision}' is not a git revision (e.g. origin/main, HEAD~1)");
        }

        string directory = Path.GetDirectoryName(fullPath) ?? ".";
        if (!Directory.Exists(directory))
        {
            throw new CliException($"{shown}: directory {directory} not found");
        }

        GitResult prefix = await RunAsync(directory, cancellationToken, "rev-parse", "--show-prefix");
        if (prefix.ExitCode != 0)
        {
            throw new CliException($"--base {revision}: {directory} is not inside a git repository ({prefix.FirstErrorLine})");
        }

        GitResult commit = await RunAsync(directory, cancellationToken, "rev-parse", "--verify", "--quiet", revision + "^{commit}");
        if (commit.ExitCode != 0)
        {
            throw new CliException($"--base {revision}: no such revision in this repository " +
                "(in CI, fetch it first: 'git fetch origin main', or actions/checkout with 'fetch-depth: 0')");
        }

        string inRepository = prefix.Out.Trim() + Path.GetFileName(fullPath);
        GitResult file = await RunAsync(directory, cancellationToken, "show", $"{commit.Out.Trim()}:{inRepository}");
        if (file.ExitCode != 0)
        {
            throw new CliException($"--base {revision}: {shown} does not exist at {revision} (as {inRepository}); " +
                "a ledger new in this change has no history to compare: lint it without --base");
        }

        return file.Out;
    }

    private static async Task<GitResult> RunAsync(string directory, CancellationToken cancellationToken, params string[] args)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            StandardErrorEncoding = Encoding.UTF8,
        };
        // Plain output whatever the user's configuration: no pager, no colour, and git's own messages untranslated.
        start.Environment["GIT_PAGER"] = "cat";
        start.Environment["LC_ALL"] = "C";
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("color.ui=false");
        foreach (string arg in args) start.ArgumentList.Add(arg);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new CliException("--base: git could not be started");
        }
        catch (Win32Exception ex)
        {
            throw new CliException($"--base needs the git command, which could not be run: {ex.Message}", ExitCodes.Usage, ex);
        }

        using (process)
        {
            process.StandardInput.Close();
            Task<string> output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            Task<string> error = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            return new GitResult(process.ExitCode, await output, await error);
        }
    }

    private sealed record GitResult(int ExitCode, string Out, string Error)
    {
        public string FirstErrorLine => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? $"git exited with {ExitCode}";
    }
}
