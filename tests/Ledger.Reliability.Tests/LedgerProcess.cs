using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Ledger.Reliability.Tests;

/// <summary>What a run of the tool left behind.</summary>
public sealed record ProcessResult(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}--- stderr\n{Error}";
}

/// <summary>Runs the built tool (<c>ledger.dll</c>, copied beside the tests by the project reference) as a deploy would.</summary>
public static class LedgerProcess
{
    private static readonly string LedgerDll = Path.Combine(AppContext.BaseDirectory, "ledger.dll");

    public static ProcessResult Run(string workingDirectory, params string[] args)
    {
        using Process process = Start(workingDirectory, args);
        return Finish(process, args, TimeSpan.FromMinutes(5));
    }

    /// <summary>Waits for a started process and collects its output.</summary>
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

    /// <summary>Starts the tool without waiting.</summary>
    public static Process Start(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(LedgerDll);
        foreach (string arg in args) start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }

    /// <summary>The repository root (this worktree), from this file's path at build time.</summary>
    public static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", ".."));
}
