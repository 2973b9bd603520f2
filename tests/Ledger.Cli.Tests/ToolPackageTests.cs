using System.Diagnostics;
using System.IO.Compression;
using System.Runtime.InteropServices;

namespace Ledger.Cli.Tests;

/// <summary>
/// The packed .NET tool, installed as a user would (<c>dotnet tool install --tool-path</c>) from the folder of packages
/// named by <c>LEDGER_TEST_PACKAGES</c> (<c>.ci/run</c> packs them): on linux-x64 the installed <c>ledger</c> is the
/// native executable, and the portable <c>any</c> package is a framework-dependent tool that works too. Nothing is
/// fetched from the network: the install sees only that folder, and its own empty NuGet cache.
/// </summary>
[TestClass]
public sealed class ToolPackageTests
{
    /// <summary>The environment variable naming the folder of packed <c>.nupkg</c> files.</summary>
    public const string PackagesVariable = "LEDGER_TEST_PACKAGES";

    private static string Packages()
    {
        string? folder = Environment.GetEnvironmentVariable(PackagesVariable);
        if (string.IsNullOrEmpty(folder))
        {
            NativeParityTests.NotRun(
                $"{PackagesVariable} is not set: these tests install the packed tool from a folder. Pack it " +
                "(dotnet pack src/Ledger.Cli -c Release -r linux-x64 -o DIR; dotnet pack src/Ledger.Cli -c Release -r any -o DIR; " +
                $"dotnet pack src/Ledger.Cli -c Release -o DIR) and set {PackagesVariable}=DIR (.ci/run does).");
        }

        string full = Path.GetFullPath(folder!);
        Assert.IsTrue(Directory.Exists(full), $"{PackagesVariable} names no folder: {full}");
        return full;
    }

    [TestMethod]
    public void OnLinuxX64TheInstalledToolIsTheNativeExecutableAndWorks()
    {
        string packages = Packages();
        // The platform, not the SDK's RuntimeIdentifier: a distribution's own SDK reports e.g. ubuntu.24.04-x64 there,
        // and still installs the linux-x64 package.
        if (!(OperatingSystem.IsLinux() && RuntimeInformation.OSArchitecture == Architecture.X64)) NativeParityTests.NotRun($"the native package is for linux-x64; this is {RuntimeInformation.RuntimeIdentifier}");
        using var dir = new TempDirectory();

        string command = Install(dir, packages, "Ledger.Cli");

        // The command is a link into the native package's folder of the store (a framework-dependent tool's apphost
        // would be an ELF file too, so being ELF alone proves nothing): .store/ledger.cli/<version>/ledger.cli.linux-x64/…
        string runs = Path.GetFullPath(File.ResolveLinkTarget(command, returnFinalTarget: true)?.FullName ?? command);
        const string Native = "/ledger.cli.linux-x64/";
        StringAssert.Contains(runs, Native, $"{command} runs the native package's executable");
        string package = runs[..(runs.IndexOf(Native, StringComparison.Ordinal) + Native.Length)];
        string folder = Path.GetDirectoryName(runs)!;
        CollectionAssert.AreEqual("\u007fELF"u8.ToArray(), File.ReadAllBytes(runs)[..4], $"{runs} is an ELF executable");
        // What the SDK writes for a native (self-contained) tool: the command is run as it is, not by 'dotnet'.
        StringAssert.Contains(File.ReadAllText(Path.Combine(folder, "DotnetToolSettings.xml")), "<Command Name=\"ledger\" EntryPoint=\"ledger\" Runner=\"executable\" />");
        Assert.IsEmpty(Directory.GetFiles(package, "ledger.dll", SearchOption.AllDirectories), $"no ledger.dll anywhere in {package}: it is the native build, not a launcher for the JIT one");
        Assert.IsTrue(File.Exists(Path.Combine(folder, "libe_sqlite3.so")), $"SQLite's shared library is beside {runs}");
        Works(command, dir);
    }

    [TestMethod]
    public void TheNativePackageHoldsOnlyTheExecutableAndSqlite()
    {
        string packages = Packages();
        string package = Directory.GetFiles(packages, "Ledger.Cli.linux-x64.*.nupkg").Single();

        using ZipArchive zip = ZipFile.OpenRead(package);
        string[] tool = zip.Entries.Where(e => e.FullName.StartsWith("tools/", StringComparison.Ordinal)).Select(e => Path.GetFileName(e.FullName)).Order(StringComparer.Ordinal).ToArray();

        // No symbols (pdb, the native .dbg) and no XML docs: a user gets the two files that run and the tool's settings.
        CollectionAssert.AreEqual(new[] { "DotnetToolSettings.xml", "ledger", "libe_sqlite3.so" }, tool, string.Join(", ", tool));
    }

    [TestMethod]
    public void ThePackageUsersInstallPointsToTheNativeAndThePortablePackages()
    {
        string packages = Packages();
        string pointer = Directory.GetFiles(packages, "Ledger.Cli.*.nupkg").Single(p => char.IsDigit(Path.GetFileName(p)["Ledger.Cli.".Length]));

        using ZipArchive zip = ZipFile.OpenRead(pointer);
        ZipArchiveEntry settings = zip.Entries.Single(e => e.FullName.EndsWith("/DotnetToolSettings.xml", StringComparison.Ordinal));
        using var reader = new StreamReader(settings.Open());
        string xml = reader.ReadToEnd();

        // linux-x64 gets its native package; every other platform the portable one.
        StringAssert.Contains(xml, "<RuntimeIdentifierPackage RuntimeIdentifier=\"linux-x64\" Id=\"Ledger.Cli.linux-x64\" />", xml);
        StringAssert.Contains(xml, "<RuntimeIdentifierPackage RuntimeIdentifier=\"any\" Id=\"Ledger.Cli.any\" />", xml);
        Assert.IsFalse(zip.Entries.Any(e => e.FullName.EndsWith(".dll", StringComparison.Ordinal) || e.FullName.EndsWith("/ledger", StringComparison.Ordinal)), "the pointer package holds no tool of its own");
    }

    /// <summary>
    /// The <c>any</c> package, installed alone, is a framework-dependent tool (<c>ledger.dll</c> run by the installed
    /// .NET) that works. It is installed by its own id: on linux-x64 the pointer package always chooses the native one,
    /// and the SDK accepts <c>--arch</c> for a framework-dependent tool only on Windows and macOS, so the fallback choice
    /// itself cannot be made here (its entry in the pointer package is checked above).
    /// </summary>
    [TestMethod]
    public void ThePortablePackageAloneInstallsAFrameworkDependentToolThatWorks()
    {
        string packages = Packages();
        using var dir = new TempDirectory();
        string only = Path.Combine(dir.Parent, "any-only");
        Directory.CreateDirectory(only);
        string any = Directory.GetFiles(packages, "Ledger.Cli.any.*.nupkg").Single();
        File.Copy(any, Path.Combine(only, Path.GetFileName(any)));

        string command = Install(dir, only, "Ledger.Cli.any");

        string store = Path.Combine(dir.Parent, "tools", ".store");
        string[] dlls = Directory.GetFiles(store, "ledger.dll", SearchOption.AllDirectories);
        Assert.HasCount(1, dlls, "the portable tool is ledger.dll, run by the installed .NET");
        StringAssert.Contains(File.ReadAllText(Path.Combine(Path.GetDirectoryName(dlls[0])!, "DotnetToolSettings.xml")), "Runner=\"dotnet\"");
        Works(command, dir);
    }

    /// <summary><c>--version</c> and a <c>lint</c> print what the JIT build beside the tests prints.</summary>
    private static void Works(string command, TempDirectory dir)
    {
        dir.Write("MIGRATIONS.md", Ledgers.WithWarning);
        foreach (string[] args in new[] { new[] { "--version" }, new[] { "lint" }, new[] { "lint", "--format", "json" } })
        {
            ProcessResult installed = LedgerProcess.RunWith(command, dir.Path, args);
            ProcessResult jit = LedgerProcess.RunWith(null, dir.Path, args);
            Assert.AreEqual(jit, installed, $"ledger {string.Join(' ', args)}: the installed tool against the JIT build");
        }
    }

    /// <summary>
    /// Installs the tool <paramref name="id"/> into <c>tools</c> beside the test folder from <paramref name="source"/>
    /// only (a NuGet configuration that clears every other source, and an empty package cache of its own, so that an
    /// earlier build's package of the same version is never used); returns the installed command.
    /// </summary>
    private static string Install(TempDirectory dir, string source, string id)
    {
        string config = Path.Combine(dir.Parent, "nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="ledger" value="{System.Security.SecurityElement.Escape(source)}" />
              </packageSources>
            </configuration>
            """);
        string tools = Path.Combine(dir.Parent, "tools");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = dir.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "tool", "install", id, "--tool-path", tools, "--configfile", config }) start.ArgumentList.Add(arg);
        start.Environment["NUGET_PACKAGES"] = Path.Combine(dir.Parent, "nuget-packages");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using Process process = Process.Start(start)!;
        ProcessResult install = LedgerProcess.Finish(process, ["tool", "install", id], TimeSpan.FromMinutes(5));

        Assert.AreEqual(0, install.ExitCode, $"dotnet tool install {id} --tool-path {tools} --configfile {config}\n{install}");
        string command = Path.Combine(tools, "ledger");
        Assert.IsTrue(File.Exists(command), $"the install made {command}\n{install}");
        return command;
    }
}
