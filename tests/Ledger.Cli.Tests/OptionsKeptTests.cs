using System.Reflection;
using System.Text.RegularExpressions;
using CommandLine;
using Ledger.Cli.Options;

namespace Ledger.Cli.Tests;

/// <summary>
/// CommandLineParser finds a verb's options by reflection over its options class. The native build is trimmed, and only
/// the [DynamicallyAccessedMembers] annotation on VerbTable.Add keeps those properties and their attributes (the
/// compiler's own warning about the parser is suppressed in Ledger.Cli.csproj on the strength of these tests): run
/// against the native executable (LEDGER_TEST_EXECUTABLE), they show that every option is still there and still parsed.
/// The options are read here from the classes themselves, so a new option or verb is covered without editing this file.
/// </summary>
[TestClass]
public sealed class OptionsKeptTests
{
    private static readonly Type[] Verbs = typeof(CommonOptions).Assembly.GetTypes()
        .Where(t => t.GetCustomAttribute<VerbAttribute>() is not null)
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToArray();

    /// <summary>In <c>.ci/run</c>'s run against the native build these tests are the trimming check: they must run on it.</summary>
    [TestInitialize]
    public void OnTheNativeBuildWhenRequired()
    {
        if (LedgerProcess.Executable is null && Environment.GetEnvironmentVariable(NativeParityTests.RequireNativeVariable) == "1")
        {
            Assert.Fail($"{NativeParityTests.RequireNativeVariable}=1 but {LedgerProcess.ExecutableVariable} is not set: these tests would check the JIT build");
        }
    }

    [TestMethod]
    public void EveryVerbIsRegisteredAndListedByHelp()
    {
        using var dir = new TempDirectory();
        ProcessResult help = LedgerProcess.Run(dir.Path, "--help");

        Assert.AreEqual(0, help.ExitCode, help.ToString());
        Assert.HasCount(9, Verbs, "the verbs of Program.cs");
        foreach (Type verb in Verbs)
        {
            string name = verb.GetCustomAttribute<VerbAttribute>()!.Name;
            Assert.MatchesRegex(new Regex($"(?m)^  {Regex.Escape(name)} "), help.Out, $"'{name}' in: {help}");
        }
    }

    [TestMethod]
    public void EveryVerbsHelpListsEveryOptionItsClassDeclares()
    {
        using var dir = new TempDirectory();
        foreach (Type verb in Verbs)
        {
            string name = verb.GetCustomAttribute<VerbAttribute>()!.Name;
            ProcessResult help = LedgerProcess.Run(dir.Path, name, "--help");

            Assert.AreEqual(0, help.ExitCode, help.ToString());
            var options = verb.GetProperties().Select(p => p.GetCustomAttribute<OptionAttribute>()).OfType<OptionAttribute>().ToList();
            Assert.IsGreaterThan(5, options.Count, $"{verb.Name} has the common options too");
            foreach (OptionAttribute option in options)
            {
                string shown = "--" + option.LongName + (option.MetaValue is { Length: > 0 } meta ? "=" + meta : "");
                string words = string.Join(' ', option.HelpText.Split(' ').Take(2));
                Assert.MatchesRegex(new Regex($"(?m)^  {Regex.Escape(shown)} +.*{Regex.Escape(words)}"), help.Out, $"ledger {name} --help lists {shown} ({verb.Name}) with its help text:\n{help}");
            }
        }
    }

    [TestMethod]
    public void EveryVerbParsesAnOptionValue()
    {
        using var dir = new TempDirectory();
        foreach (Type verb in Verbs)
        {
            string name = verb.GetCustomAttribute<VerbAttribute>()!.Name;
            // The required options (new --to, baseline --version, rollback --to) with a value each, and --config, which
            // every verb reads first: the error names the file, so the value reached the options object.
            string[] required = verb.GetProperties().Select(p => p.GetCustomAttribute<OptionAttribute>())
                .OfType<OptionAttribute>().Where(o => o.Required).SelectMany(o => new[] { "--" + o.LongName, "1.0.0" }).ToArray();
            ProcessResult run = LedgerProcess.Run(dir.Path, [name, .. required, "--config", $"no-{name}.json"]);
            if (name == "init")
            {
                // init writes the file --config names (it never reads one): the value reached it if the file is there.
                Assert.AreEqual(0, run.ExitCode, run.ToString());
                Assert.IsTrue(File.Exists(dir.Full("no-init.json")), run.ToString());
                continue;
            }

            Assert.AreEqual(2, run.ExitCode, run.ToString());
            Assert.AreEqual($"ledger: no-{name}.json: configuration file not found\n", run.Error, run.ToString());
        }
    }

    [TestMethod]
    public void RepeatedAndNumberOptionsAreParsed()
    {
        using var dir = new TempDirectory();

        ProcessResult scopes = LedgerProcess.Run(dir.Path, "status", "--system", "s.db", "--scope", "system", "--scope", "nosuch");
        ProcessResult parallel = LedgerProcess.Run(dir.Path, "apply", "--system", "s.db", "--parallel", "-1");
        ProcessResult badNumber = LedgerProcess.Run(dir.Path, "apply", "--parallel", "3x");

        Assert.AreEqual(2, scopes.ExitCode, scopes.ToString());
        Assert.AreEqual("ledger: --scope: unknown scope 'nosuch' (the scopes: system)\n", scopes.Error, scopes.ToString());
        Assert.AreEqual(2, parallel.ExitCode, parallel.ToString());
        StringAssert.Contains(parallel.Error, "--parallel must be 0 (one database per processor) or a positive number of databases, not -1", parallel.ToString());
        Assert.AreEqual(2, badNumber.ExitCode, badNumber.ToString());
        Assert.AreEqual("ledger: --parallel expects a whole number, got '3x'\n", badNumber.Error, badNumber.ToString());
    }
}
