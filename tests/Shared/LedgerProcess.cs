using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Ledger.Testing;

/// <summary>What a run of the tool left behind.</summary>
public sealed record ProcessResult(int ExitCode, string Out, string Error)
{
    public string[] OutLines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}--- stderr\n{Error}";
}

/// <summary>
/// Runs the built tool (<c>ledger.dll</c>, copied beside the tests by the project reference) as a user or a deploy
/// would. Shared by the CLI tests and the reliability suite (linked into both projects).
/// </summary>
public static class LedgerProcess
{
    private static readonly string LedgerDll = Path.Combine(AppContext.BaseDirectory, "ledger.dll");

    /// <summary>A native <c>ledger</c> to run instead of <c>dotnet exec ledger.dll</c> (LEDGER_TEST_EXECUTABLE), or null.</summary>
    private static readonly string? Executable = Environment.GetEnvironmentVariable("LEDGER_TEST_EXECUTABLE") is { Length: > 0 } exe ? Path.GetFullPath(exe) : null;

    public static ProcessResult Run(string workingDirectory, params string[] args)
    {
        using Process process = Start(workingDirectory, args);
        return Finish(process, args, TimeSpan.FromMinutes(5));
    }

    /// <summary>Waits for a started process and collects its output; a process that does not finish is killed (a hang guard, not a speed check).</summary>
    public static ProcessResult Finish(Process process, string[] args, TimeSpan timeout)
    {
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"ledger {string.Join(' ', args)} did not finish within {timeout}");
        }

        return new ProcessResult(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Starts the tool without waiting (for tests that kill it); its output is discarded.</summary>
    public static Process Start(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(Executable ?? Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Executable is null)
        {
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(LedgerDll);
        }

        foreach (string arg in args) start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }

    /// <summary>
    /// Writes a <c>ledger</c> command (a shell script running the built tool) into <paramref name="directory"/>, for tests
    /// that run shell lines as CI or git hooks would; put the directory first on PATH.
    /// </summary>
    public static string WriteShim(string directory)
    {
        Directory.CreateDirectory(directory);
        string shim = Path.Combine(directory, "ledger");
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        File.WriteAllText(shim, Executable is null ? $"#!/bin/sh\nexec \"{dotnet}\" exec \"{LedgerDll}\" \"$@\"\n" : $"#!/bin/sh\nexec \"{Executable}\" \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return directory;
    }

    /// <summary>The repository root (this worktree), from this file's path at build time.</summary>
    public static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", ".."));
}
