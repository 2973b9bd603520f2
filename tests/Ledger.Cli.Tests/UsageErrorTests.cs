using System.Reflection;
using CommandLine;
using Ledger.Cli.Options;

namespace Ledger.Cli.Tests;

/// <summary>
/// Mistakes on the command line, as a new user makes them: each is a usage error (exit 2) in one short line that names
/// what was typed, changes nothing, and never runs the verb with a flag dropped. Help (<c>-h</c>, <c>--help</c>,
/// <c>ledger help VERB</c>) lists a verb's options and exits 0.
/// </summary>
[TestClass]
public sealed class UsageErrorTests
{
    /// <summary>The repository's demo ledger and its ledger.json: a mistake here would otherwise create and migrate data/.</summary>
    private static TempDirectory Demo() => DemoLedger.Copy();

    /// <summary>No database created (the demo's ledger.json names data/), the ledger as it was, and nothing on stdout.</summary>
    private static void AssertNothingChanged(TempDirectory dir, ProcessResult result)
    {
        AssertNoChangeOnDisk(dir, result.ToString());
        Assert.AreEqual("", result.Out, result.ToString());
    }

    private static void AssertNoChangeOnDisk(TempDirectory dir, string context)
    {
        Assert.IsFalse(Directory.Exists(dir.Full("data")), $"no database was created: {context}");
        Assert.AreEqual(File.ReadAllText(Path.Combine(LedgerProcess.RepositoryRoot(), "MIGRATIONS.md")), File.ReadAllText(dir.Full("MIGRATIONS.md")), $"the ledger is unchanged: {context}");
    }

    private static readonly Type[] Verbs = typeof(CommonOptions).Assembly.GetTypes()
        .Where(t => t.GetCustomAttribute<VerbAttribute>() is not null)
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToArray();

    // Bullet 1: a flag given without its value.

    [TestMethod]
    [DataRow("--target", "VERSION")]
    [DataRow("--system", "PATH")]
    [DataRow("--backup-dir", "DIR")]
    [DataRow("--ledger", "FILE")]
    [DataRow("--parallel", "N")]
    public void AValueTakingFlagAtTheEndOfTheLineIsAUsageErrorNamingIt(string flag, string meta)
    {
        using TempDirectory dir = Demo();

        ProcessResult apply = LedgerProcess.Run(dir.Path, "apply", flag);

        Assert.AreEqual(2, apply.ExitCode, apply.ToString());
        Assert.AreEqual($"ledger: {flag} needs a value: {flag} {meta}\n", apply.Error, apply.ToString());
        AssertNothingChanged(dir, apply);
    }

    [TestMethod]
    public void AnEmptyValueIsNoValueSoAnEmptyShellVariableDoesNotMigrateAllTheWay()
    {
        using TempDirectory dir = Demo();

        ProcessResult spaced = LedgerProcess.Run(dir.Path, "apply", "--target", "");
        ProcessResult joined = LedgerProcess.Run(dir.Path, "apply", "--target=");

        foreach (ProcessResult result in new[] { spaced, joined })
        {
            Assert.AreEqual(2, result.ExitCode, result.ToString());
            Assert.AreEqual("ledger: --target needs a value: --target VERSION\n", result.Error, result.ToString());
            AssertNothingChanged(dir, result);
        }
    }

    [TestMethod]
    public void AFlagFollowedByAnotherFlagSaysTheFirstNeedsAValueNotThatTheSecondIsNotAVersion()
    {
        using TempDirectory dir = Demo();

        ProcessResult result = LedgerProcess.Run(dir.Path, "apply", "--target", "--format", "json");

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.AreEqual("ledger: --target needs a value: --target VERSION\n", result.Error, result.ToString());
        AssertNothingChanged(dir, result);
    }

    [TestMethod]
    public void AValueThatStartsWithADashGoesAfterAnEqualsSign()
    {
        using TempDirectory dir = Demo();

        ProcessResult spaced = LedgerProcess.Run(dir.Path, "new", "--to", "2.0.0", "--title", "-draft");
        ProcessResult joined = LedgerProcess.Run(dir.Path, "new", "--to", "2.0.0", "--title=-draft");

        Assert.AreEqual(2, spaced.ExitCode, spaced.ToString());
        Assert.AreEqual("ledger: --title needs a value: --title TEXT (a value that starts with '-' goes after '=': --title=-draft)\n", spaced.Error, spaced.ToString());
        Assert.AreEqual(0, joined.ExitCode, joined.ToString());
        Assert.Contains("**Description**: -draft", File.ReadAllText(dir.Full("MIGRATIONS.md")));
    }

    /// <summary>Every value-taking option of every verb (read from the options classes, so a new one is covered), at the end of the line.</summary>
    [TestMethod]
    public void EveryValueTakingFlagOfEveryVerbNeedsItsValue()
    {
        using TempDirectory dir = Demo();
        int checkedFlags = 0;
        foreach (Type verb in Verbs)
        {
            string name = verb.GetCustomAttribute<VerbAttribute>()!.Name;
            var options = verb.GetProperties()
                .Select(p => (Property: p, Option: p.GetCustomAttribute<OptionAttribute>()))
                .Where(x => x.Option is not null && x.Property.PropertyType != typeof(bool))
                .Select(x => x.Option!)
                .ToList();
            // The verb's required options, given, so that only the flag under test lacks its value.
            string[] required = options.Where(o => o.Required).SelectMany(o => new[] { "--" + o.LongName, "1.0.0" }).ToArray();
            foreach (OptionAttribute option in options)
            {
                string flag = "--" + option.LongName;
                string[] others = option.Required ? [] : required;
                string[] args = [name, .. others, flag];
                ProcessResult result = LedgerProcess.Run(dir.Path, args);

                Assert.AreEqual(2, result.ExitCode, $"ledger {string.Join(' ', args)}: {result}");
                Assert.AreEqual($"ledger: {flag} needs a value: {flag} {option.MetaValue}\n", result.Error, $"ledger {string.Join(' ', args)}: {result}");
                checkedFlags++;
            }
        }

        Assert.IsGreaterThan(60, checkedFlags, "every verb's value-taking flags");
        AssertNoChangeOnDisk(dir, "after every verb's flags");
    }

    // Bullet 2: mistyped verbs and flags, what a value should have been, and help.

    [TestMethod]
    [DataRow("aply", "apply")]
    [DataRow("stauts", "status")]
    [DataRow("rolback", "rollback")]
    [DataRow("hlep", "help")]
    public void AMistypedVerbGetsOneLineWithDidYouMeanNotTheWholeHelp(string typed, string meant)
    {
        using TempDirectory dir = Demo();

        ProcessResult result = LedgerProcess.Run(dir.Path, typed);

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.AreEqual($"ledger: unknown command '{typed}'; did you mean '{meant}'?\nRun 'ledger help' to see the commands.\n", result.Error, result.ToString());
        AssertNothingChanged(dir, result);
    }

    [TestMethod]
    [DataRow("apply", "--paralel", "--parallel")]
    [DataRow("apply", "--taget", "--target")]
    [DataRow("lint", "--strcit", "--strict")]
    [DataRow("status", "--fromat", "--format")]
    [DataRow("apply", "-parallel", "--parallel")]
    public void AMistypedFlagGetsOneLineWithDidYouMeanNotTheWholeHelp(string verb, string typed, string meant)
    {
        using TempDirectory dir = Demo();

        ProcessResult result = LedgerProcess.Run(dir.Path, verb, typed, "4");

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.AreEqual($"ledger: unknown option '{typed}' for {verb}; did you mean '{meant}'?\nRun 'ledger {verb} --help' to see its options.\n", result.Error, result.ToString());
        AssertNothingChanged(dir, result);
    }

    [TestMethod]
    public void AFlagOfAnotherVerbSaysWhichVerbsTakeIt()
    {
        using TempDirectory dir = Demo();

        ProcessResult result = LedgerProcess.Run(dir.Path, "rollback", "--target", "1.0.0");

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.AreEqual("ledger: unknown option '--target' for rollback (it is an option of apply, plan)\nRun 'ledger rollback --help' to see its options.\n", result.Error, result.ToString());
        AssertNothingChanged(dir, result);
    }

    [TestMethod]
    [DataRow("abc")]
    [DataRow("4.5")]
    [DataRow("99999999999")]
    public void ANumberFlagSaysWhatItExpected(string value)
    {
        using TempDirectory dir = Demo();

        ProcessResult result = LedgerProcess.Run(dir.Path, "apply", "--parallel", value);

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.AreEqual($"ledger: --parallel expects a whole number, got '{value}'\n", result.Error, result.ToString());
        AssertNothingChanged(dir, result);
    }

    [TestMethod]
    [DataRow("status", "extra")]
    [DataRow("apply", "1.2.0")]
    public void AnArgumentThatIsNoOptionIsAUsageErrorNotIgnored(string verb, string extra)
    {
        using TempDirectory dir = Demo();

        ProcessResult result = LedgerProcess.Run(dir.Path, verb, extra);

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.AreEqual($"ledger: unexpected argument '{extra}': {verb} takes options only\nRun 'ledger {verb} --help' to see its options.\n", result.Error, result.ToString());
        AssertNothingChanged(dir, result);
    }

    [TestMethod]
    public void ASwitchTakesNoValue()
    {
        using TempDirectory dir = Demo();

        ProcessResult joined = LedgerProcess.Run(dir.Path, "apply", "--no-backup=false");
        ProcessResult spaced = LedgerProcess.Run(dir.Path, "apply", "--no-backup", "false");

        Assert.AreEqual(2, joined.ExitCode, joined.ToString());
        Assert.AreEqual("ledger: --no-backup takes no value (got '--no-backup=false')\n", joined.Error, joined.ToString());
        Assert.AreEqual(2, spaced.ExitCode, spaced.ToString());
        Assert.AreEqual("ledger: unexpected argument 'false': --no-backup takes no value\n", spaced.Error, spaced.ToString());
        AssertNothingChanged(dir, spaced);
    }

    [TestMethod]
    [DataRow("new", "--to VERSION")]
    [DataRow("rollback", "--to VERSION")]
    [DataRow("baseline", "--version VERSION")]
    public void AMissingRequiredFlagIsOneLineNamingIt(string verb, string usage)
    {
        using TempDirectory dir = Demo();

        ProcessResult result = LedgerProcess.Run(dir.Path, verb);

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.AreEqual($"ledger: {verb} needs {usage}\nRun 'ledger {verb} --help' to see its options.\n", result.Error, result.ToString());
        AssertNothingChanged(dir, result);
    }

    [TestMethod]
    [DataRow("-h")]
    [DataRow("--help")]
    [DataRow("help")]
    public void HelpListsTheVerbs(string ask)
    {
        using TempDirectory dir = Demo();

        ProcessResult result = LedgerProcess.Run(dir.Path, ask);

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.Contains("\n  apply ", result.Out);
        Assert.Contains("\n  rollback ", result.Out);
        Assert.AreEqual("", result.Error, result.ToString());
    }

    [TestMethod]
    [DataRow("help", "apply")]
    [DataRow("apply", "--help")]
    [DataRow("apply", "-h")]
    [DataRow("-h", "apply")]
    [DataRow("apply", "--target", "-h")]
    public void HelpForAVerbListsItsOptions(params string[] args)
    {
        using TempDirectory dir = Demo();

        ProcessResult result = LedgerProcess.Run(dir.Path, args);

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        foreach (string option in new[] { "--target=VERSION", "--parallel=N", "--backup-dir=DIR", "--format=FORMAT", "--ledger=FILE", "--scope=NAME" })
        {
            Assert.Contains($"\n  {option} ", result.Out, $"ledger {string.Join(' ', args)} lists {option}: {result}");
        }

        Assert.AreEqual("", result.Error, result.ToString());
        AssertNoChangeOnDisk(dir, result.ToString());
    }

    [TestMethod]
    public void HelpForAMistypedVerbSaysWhatItMayHaveMeant()
    {
        using TempDirectory dir = Demo();

        ProcessResult result = LedgerProcess.Run(dir.Path, "help", "aply");

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.AreEqual("ledger: unknown command 'aply'; did you mean 'apply'?\nRun 'ledger help' to see the commands.\n", result.Error, result.ToString());
    }

    [TestMethod]
    public void AFlagBeforeTheVerbSaysWhichVerbsTakeIt()
    {
        using TempDirectory dir = Demo();

        ProcessResult result = LedgerProcess.Run(dir.Path, "--target", "1.0.0", "apply");

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.AreEqual("ledger: --target comes after a command: 'ledger apply --target …', 'ledger plan --target …'\nRun 'ledger help' to see the commands.\n", result.Error, result.ToString());
        AssertNothingChanged(dir, result);
    }

    // Bullet 3: errors name the flag the user gave.

    [TestMethod]
    [DataRow("ledger: --version: '7.x.7' is not a version", "baseline", "--version", "7.x.7")]
    [DataRow("ledger: --version 9.9.9 is not a version of MIGRATIONS.md", "baseline", "--version", "9.9.9")]
    [DataRow("ledger: --to: '7.x.7' is not a version", "rollback", "--to", "7.x.7")]
    [DataRow("ledger: --to: '7.x.7' is not a version", "new", "--to", "7.x.7")]
    [DataRow("ledger: --rollback-to: '7.x.7' is not a version", "plan", "--rollback-to", "7.x.7")]
    [DataRow("ledger: --target: '7.x.7' is not a version", "plan", "--target", "7.x.7")]
    [DataRow("ledger: --target: '7.x.7' is not a version", "apply", "--target", "7.x.7")]
    [DataRow("ledger: --format: unknown format 'xml'; use text or json", "status", "--format", "xml")]
    [DataRow("ledger: --format: unknown format 'xml'; use text or json", "verify", "--format", "xml")]
    [DataRow("ledger: --format: unknown format 'xml'; use text or json", "apply", "--format", "xml")]
    [DataRow("ledger: --format: unknown format 'xml'; use text, json or sql", "plan", "--format", "xml")]
    [DataRow("ledger: --format: unknown format 'xml'; use text, json, github or sarif", "lint", "--format", "xml")]
    public void ErrorsNameTheFlagTheUserGave(string expected, params string[] args)
    {
        using TempDirectory dir = Demo();

        ProcessResult result = LedgerProcess.Run(dir.Path, args);

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.StartsWith(expected, result.Error, result.ToString());
        string given = args[1];
        foreach (string other in new[] { "--target", "--to", "--version", "--rollback-to", "--format" }.Where(f => f != given))
        {
            Assert.DoesNotContain(other + ":", result.Error, $"only {given} is named: {result}");
            Assert.DoesNotContain(other + " ", result.Error, $"only {given} is named: {result}");
        }

        AssertNothingChanged(dir, result);
    }

    // Bullet 4: usage errors exit 2 everywhere; lint findings and failed steps stay 1.

    [TestMethod]
    [DataRow("ledger: --to: version 1.2.0 is not above the ledger's last version 1.6.0: history can only grow at the end", "new", "--to", "1.2.0")]
    [DataRow("ledger: --to: version 1.6.0 is not above the ledger's last version 1.6.0", "new", "--to", "1.6.0")]
    [DataRow("ledger: --to: a new step cannot go to baseline", "new", "--to", "baseline")]
    [DataRow("ledger: give --target or --rollback-to, not both", "plan", "--target", "1.0.0", "--rollback-to", "1.0.0")]
    [DataRow("ledger: --transaction: unknown mode 'sometimes'; use per-step or per-database", "apply", "--transaction", "sometimes")]
    [DataRow("ledger: --transaction: unknown mode 'sometimes'; use per-step or per-database", "plan", "--transaction", "sometimes")]
    [DataRow("ledger: --parallel must be 0", "rollback", "--to", "1.0.0", "--parallel", "-2")]
    [DataRow("ledger: --scope: unknown scope 'users'; did you mean 'user'?", "status", "--scope", "users")]
    public void UsageErrorsExitTwoAndChangeNothing(string expected, params string[] args)
    {
        using TempDirectory dir = Demo();

        ProcessResult result = LedgerProcess.Run(dir.Path, args);

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.StartsWith(expected, result.Error, result.ToString());
        AssertNothingChanged(dir, result);
    }

    [TestMethod]
    public void ALedgerWithErrorsStillFailsNewWithOneNotTwo()
    {
        using TempDirectory dir = Demo();
        dir.Write("MIGRATIONS.md", File.ReadAllText(dir.Full("MIGRATIONS.md")).Replace("-- [system:1.0.0→1.1.0:end]", "", StringComparison.Ordinal));

        ProcessResult result = LedgerProcess.Run(dir.Path, "new", "--to", "2.0.0");

        Assert.AreEqual(1, result.ExitCode, result.ToString());
        Assert.Contains("MIGRATIONS.md has errors; fix them before adding a step", result.Error);
    }
}
