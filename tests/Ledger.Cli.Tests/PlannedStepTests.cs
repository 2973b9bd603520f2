namespace Ledger.Cli.Tests;

/// <summary>
/// A target past a planned step (its blocks hold only comments): <c>apply</c> and its preview <c>plan</c> refuse it
/// (exit 2) before any database is opened, saying what passing it means; <c>--include-planned</c> passes it, recorded
/// as empty; lint's finding on a planned step no longer offers <c>--target</c> as the way to apply it.
/// </summary>
[TestClass]
public sealed class PlannedStepTests
{
    private const string Config = """{ "scopes": { "system": { "database": "data/system.db" } } }""";

    /// <summary>1.0.0 has SQL; 1.0.0→1.1.0 and 1.1.0→1.2.0 are planned.</summary>
    private static readonly string Ledger =
        "# Migrations\n\n" +
        LedgerText.Section("baseline", "1.0.0", ("system", "CREATE TABLE notes (id INTEGER PRIMARY KEY);")) + "\n" +
        LedgerText.Section("1.0.0", "1.1.0", ("system", "-- CREATE TABLE tags (id INTEGER PRIMARY KEY);")) + "\n" +
        LedgerText.Section("1.1.0", "1.2.0", ("system", "-- ALTER TABLE notes ADD COLUMN archived INTEGER;"));

    private static TempDirectory Project()
    {
        var dir = new TempDirectory();
        dir.Write("ledger.json", Config);
        dir.Write("MIGRATIONS.md", Ledger);
        return dir;
    }

    [TestMethod]
    [DataRow("apply")]
    [DataRow("plan")]
    public void ATargetPastAPlannedStepIsRefusedBeforeAnyDatabaseIsOpened(string verb)
    {
        using TempDirectory dir = Project();

        ProcessResult one = LedgerProcess.Run(dir.Path, verb, "--target", "1.1.0");
        ProcessResult two = LedgerProcess.Run(dir.Path, verb, "--target", "1.2.0");

        Assert.AreEqual(2, one.ExitCode, one.ToString());
        StringAssert.Contains(one.Error,
            "ledger: --target 1.1.0 is past the planned step 1.0.0→1.1.0 (blocks holding only comments): passing it now records it " +
            "as empty in every database that has not recorded it yet, and SQL written into it later would then be drift; nothing was changed. Write the SQL first, " +
            "or pass --include-planned to record the planned step(s) as empty");
        Assert.AreEqual(2, two.ExitCode, two.ToString());
        StringAssert.Contains(two.Error, "--target 1.2.0 is past the planned steps 1.0.0→1.1.0, 1.1.0→1.2.0 (blocks holding only comments): passing them now records them as empty");
        Assert.IsFalse(Directory.Exists(dir.Full("data")), "no database is created");
    }

    [TestMethod]
    public void TheRefusalComesAfterTheDatabaseWasMigratedByAnEarlierRunAndLeavesItAsItWas()
    {
        using TempDirectory dir = Project();
        Assert.AreEqual(0, LedgerProcess.Run(dir.Path, "apply").ExitCode);
        string database = dir.Full("data/system.db");
        byte[] before = File.ReadAllBytes(database);

        ProcessResult refused = LedgerProcess.Run(dir.Path, "apply", "--target", "1.2.0");

        Assert.AreEqual(2, refused.ExitCode, refused.ToString());
        CollectionAssert.AreEqual(before, File.ReadAllBytes(database), "the database is not opened for writing");
        Assert.IsFalse(Directory.Exists(dir.Full("data/.ledger-backups")), "not even backed up");
    }

    [TestMethod]
    public void IncludePlannedPassesThePlannedStepsAsEmptySteps()
    {
        using TempDirectory dir = Project();

        ProcessResult plan = LedgerProcess.Run(dir.Path, "plan", "--target", "1.1.0", "--include-planned");
        ProcessResult apply = LedgerProcess.Run(dir.Path, "apply", "--target", "1.1.0", "--include-planned");
        ProcessResult upToTheDefault = LedgerProcess.Run(dir.Path, "apply", "--target", "1.0.0");

        Assert.AreEqual(0, plan.ExitCode, plan.ToString());
        StringAssert.Contains(plan.Out, "baseline → 1.1.0, 2 step(s)");
        Assert.AreEqual(0, apply.ExitCode, apply.ToString());
        CollectionAssert.AreEqual(new[] { "baseline->1.0.0 applied", "1.0.0->1.1.0 empty" }, TestDb.Journal(dir.Full("data/system.db")));
        // Above 1.0.0 only by the planned step it recorded as empty: current, not ahead (it used to exit 3 and send the
        // user to rollback).
        Assert.AreEqual(0, upToTheDefault.ExitCode, "above the target only by a recorded planned step: current: " + upToTheDefault);
    }

    /// <summary>
    /// After <c>--include-planned</c> the user is not stuck: a plain apply and verify find the database current, the
    /// same target is current rather than refused, and status says the step was recorded as empty.
    /// </summary>
    [TestMethod]
    public void AfterIncludePlannedEveryVerbFindsTheDatabaseCurrent()
    {
        using TempDirectory dir = Project();
        Assert.AreEqual(0, LedgerProcess.Run(dir.Path, "apply").ExitCode);
        Assert.AreEqual(0, LedgerProcess.Run(dir.Path, "apply", "--target", "1.1.0", "--include-planned").ExitCode);

        ProcessResult apply = LedgerProcess.Run(dir.Path, "apply");
        ProcessResult verify = LedgerProcess.Run(dir.Path, "verify");
        ProcessResult again = LedgerProcess.Run(dir.Path, "apply", "--target", "1.1.0");
        ProcessResult plan = LedgerProcess.Run(dir.Path, "plan", "--target", "1.1.0");
        ProcessResult status = LedgerProcess.Run(dir.Path, "status");
        ProcessResult further = LedgerProcess.Run(dir.Path, "apply", "--target", "1.2.0");

        Assert.AreEqual(0, apply.ExitCode, apply.ToString());
        StringAssert.Contains(apply.Out, "already current");
        Assert.IsFalse(apply.Out.Contains("AHEAD", StringComparison.Ordinal) || apply.Out.Contains("rollback", StringComparison.Ordinal), apply.Out);
        Assert.AreEqual(0, verify.ExitCode, verify.ToString());
        Assert.AreEqual(0, again.ExitCode, "every database already recorded 1.0.0→1.1.0: nothing is passed, nothing refused: " + again);
        Assert.AreEqual(0, plan.ExitCode, plan.ToString());
        Assert.AreEqual(0, status.ExitCode, status.ToString());
        StringAssert.Contains(status.Out, "1.1.0 was planned when passed and is recorded as empty: SQL written into its blocks now would be drift");
        StringAssert.Contains(status.Out, "1.2.0 is planned (its blocks hold no SQL yet): write its SQL, then apply");
        Assert.AreEqual(2, further.ExitCode, "1.1.0→1.2.0 is still planned and not recorded: " + further);
        StringAssert.Contains(further.Error, "--target 1.2.0 is past the planned step 1.1.0→1.2.0 (blocks holding only comments)");
        CollectionAssert.AreEqual(new[] { "baseline->1.0.0 applied", "1.0.0->1.1.0 empty" }, TestDb.Journal(dir.Full("data/system.db")));
    }

    /// <summary>The first run of a new ledger whose only step is planned: apply and status say so, not only "current".</summary>
    [TestMethod]
    public void ApplyAndStatusSayWhenTheOnlyStepIsPlanned()
    {
        using var dir = new TempDirectory();
        dir.Write("ledger.json", Config);
        dir.Write("MIGRATIONS.md", "# Migrations\n\n" + LedgerText.Section("baseline", "1.0.0", ("system", "-- CREATE TABLE notes (id INTEGER PRIMARY KEY);")));

        ProcessResult apply = LedgerProcess.Run(dir.Path, "apply");
        ProcessResult status = LedgerProcess.Run(dir.Path, "status");
        ProcessResult json = LedgerProcess.Run(dir.Path, "status", "--format", "json");

        const string Line = "1.0.0 is planned (its blocks hold no SQL yet): write its SQL, then apply";
        Assert.AreEqual(0, apply.ExitCode, apply.ToString());
        StringAssert.Contains(apply.Out, Line);
        Assert.AreEqual(0, status.ExitCode, status.ToString());
        StringAssert.Contains(status.Out, Line);
        Assert.IsFalse(json.Out.Contains("is planned", StringComparison.Ordinal), "the JSON keeps its shape: " + json.Out);
    }

    /// <summary>Each verb's help says what <c>--include-planned</c> does there: apply records, plan only shows.</summary>
    [TestMethod]
    public void IncludePlannedsHelpSaysWhatEachVerbDoesWithIt()
    {
        using var dir = new TempDirectory();

        string plan = string.Join(' ', LedgerProcess.Run(dir.Path, "plan", "--help").Out.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        string apply = string.Join(' ', LedgerProcess.Run(dir.Path, "apply", "--help").Out.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

        StringAssert.Contains(plan, "--include-planned Show what apply --include-planned would do: --target passes planned steps " +
                                    "(blocks holding only comments), which that apply records as empty. Plan changes nothing.");
        StringAssert.Contains(apply, "--include-planned Let --target pass planned steps (blocks holding only comments): they are recorded " +
                                     "as empty in each database that passes them, and SQL written into them later would be drift.");
    }

    [TestMethod]
    public void LintsPlannedStepFindingSaysToWriteTheSqlNotToUseTarget()
    {
        using TempDirectory dir = Project();

        ProcessResult lint = LedgerProcess.Run(dir.Path, "lint", "--no-sql-check");

        Assert.AreEqual(0, lint.ExitCode, lint.ToString());
        StringAssert.Contains(lint.Out,
            "info LDG024: step 1.0.0→1.1.0 is planned: its blocks hold only comments and every later step is planned too, so it is not " +
            "applied by default; write its SQL to apply it (passing it as it is records it as empty, and SQL written into it later would be drift)");
        Assert.IsFalse(lint.Out.Contains("--target", StringComparison.Ordinal), lint.Out);
    }
}
