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
/// Runs the built tool as a user or a deploy would: <c>dotnet exec ledger.dll</c> (the JIT build, copied beside the
/// tests by the project reference), or, when the environment variable <c>LEDGER_TEST_EXECUTABLE</c> names a native
/// <c>ledger</c> (the Native AOT publish), that executable. Shared by the CLI tests and the reliability suite (linked into
/// both projects).
/// </summary>
public static class LedgerProcess
{
    /// <summary>The environment variable naming a native <c>ledger</c> to test instead of <c>ledger.dll</c>.</summary>
    public const string ExecutableVariable = "LEDGER_TEST_EXECUTABLE";

    /// <summary>The JIT build beside the tests.</summary>
    public static readonly string LedgerDll = Path.Combine(AppContext.BaseDirectory, "ledger.dll");

    /// <summary>The native executable under test (full path), or null to run <see cref="LedgerDll"/>.</summary>
    public static string? Executable { get; } = NativeExecutable();

    private static string? NativeExecutable()
    {
        string? path = Environment.GetEnvironmentVariable(ExecutableVariable);
        if (string.IsNullOrEmpty(path)) return null;
        string full = Path.GetFullPath(path);
        // A wrong path must fail every test loudly, not quietly test the JIT build instead.
        return File.Exists(full) ? full : throw new FileNotFoundException($"{ExecutableVariable} names no file: {full}", full);
    }

    private static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    public static ProcessResult Run(string workingDirectory, params string[] args) => RunWith(Executable, workingDirectory, args);

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
    public static Process Start(string workingDirectory, params string[] args) => StartWith(Executable, workingDirectory, args);

    /// <summary>
    /// Starts <paramref name="executable"/> (a native <c>ledger</c>), or with null <c>dotnet exec ledger.dll</c>, whatever
    /// <see cref="ExecutableVariable"/> says: for tests that compare the two builds.
    /// </summary>
    public static Process StartWith(string? executable, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(executable ?? DotnetHost)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (executable is null)
        {
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(LedgerDll);
        }

        foreach (string arg in args) start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }

    /// <summary>Runs <paramref name="executable"/>, or with null <c>dotnet exec ledger.dll</c>, and waits for it.</summary>
    public static ProcessResult RunWith(string? executable, string workingDirectory, params string[] args)
    {
        using Process process = StartWith(executable, workingDirectory, args);
        return Finish(process, args, TimeSpan.FromMinutes(5));
    }

    /// <summary>
    /// How a shell runs the built tool (the native executable, or <c>dotnet exec ledger.dll</c>), quoted for a POSIX
    /// shell's double quotes: for tests that run shell lines, as <see cref="WriteShim"/> and an <c>alias ledger=…</c> do.
    /// </summary>
    public static string ShellCommand => Executable is string native ? $"\"{native}\"" : $"\"{DotnetHost}\" exec \"{LedgerDll}\"";

    /// <summary>
    /// Writes a <c>ledger</c> command (a shell script running the built tool) into <paramref name="directory"/>, for tests
    /// that run shell lines as CI or git hooks would; put the directory first on PATH.
    /// </summary>
    public static string WriteShim(string directory)
    {
        Directory.CreateDirectory(directory);
        string shim = Path.Combine(directory, "ledger");
        File.WriteAllText(shim, $"#!/bin/sh\nexec {ShellCommand} \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return directory;
    }

    /// <summary>The repository root (this worktree), from this file's path at build time.</summary>
    public static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", ".."));
}
