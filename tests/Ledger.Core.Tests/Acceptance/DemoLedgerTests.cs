using Ledger.Diagnostics;
using Ledger.Linting;
using Ledger.Model;
using Ledger.Sql;
using static Ledger.Testing.LedgerText;

namespace Ledger.Tests.Acceptance;

/// <summary>The demo ledger at the repository root (a notes/tasks app) must stay loadable and show every feature.</summary>
[TestClass]
public sealed class DemoLedgerTests
{
    private static LoadedLedger LoadDemo()
    {
        string? solution = FindUpwards("Ledger.sln");
        Assert.IsNotNull(solution, "Ledger.sln not found above the test assembly's folder");
        return LedgerLoader.LoadFile(Path.Combine(Path.GetDirectoryName(solution)!, "MIGRATIONS.md"), LintOptions.CoreOnly);
    }

    [TestMethod]
    public void Loads_without_errors()
    {
        LoadedLedger ledger = LoadDemo();

        Assert.IsFalse(ledger.HasErrors, Describe(ledger.Diagnostics));
        Assert.IsFalse(ledger.Diagnostics.Any(d => d.Code is "LDG005" or "LDG006" or "LDG019"), Describe(ledger.Diagnostics));
    }

    [TestMethod]
    public void Shows_every_feature_of_the_format()
    {
        MigrationSet set = LoadDemo().Set!;

        Assert.IsGreaterThanOrEqualTo(6, set.VersionLine.Count - 1, "at least six versions");
        Assert.IsTrue(set.Steps[^1].IsPlanned, "a trailing planned step");
        Assert.IsFalse(set.Steps[^2].IsPlanned);
        Assert.AreEqual(set.Steps[^2].To, set.DefaultTarget);
        Assert.IsTrue(set.Steps.Any(s => s.Down.Count > 0), "a down block");
        Assert.IsTrue(set.Steps.Any(s => s.For(Scopes.User).HasSql && s.For(Scopes.System).Block is null), "a user-only step");
        Assert.IsTrue(set.Steps.Any(s => s.For(Scopes.System).HasSql && s.For(Scopes.User).Block is null), "a system-only step");
        Assert.IsTrue(set.Steps.All(s => s.Title.StartsWith("Migration: ", StringComparison.Ordinal) && s.Description is not null));
    }

    [TestMethod]
    public void Has_a_table_rebuild_a_trigger_and_the_demo_users()
    {
        MigrationSet set = LoadDemo().Set!;
        SqlStatement[] user = [.. set.Steps.SelectMany(s => s.Up.Values).Where(b => b.Scope == Scopes.User).SelectMany(b => b.Statements)];
        SqlStatement[] system = [.. set.Steps.SelectMany(s => s.Up.Values).Where(b => b.Scope == Scopes.System).SelectMany(b => b.Statements)];

        Assert.IsTrue(user.Any(s => s.Keyword(0) == "DROP" && s.Keyword(1) == "TABLE"), "the rebuild drops the old table");
        Assert.IsTrue(user.Any(s => s.Keyword(0) == "ALTER" && s.Text.Contains("RENAME TO", StringComparison.OrdinalIgnoreCase)));
        Assert.IsTrue(user.Any(s => s.Keyword(1) == "TRIGGER"));
        Assert.IsTrue(system.Any(s => s.Keyword(0) == "CREATE" && s.Word(2) == "users" && s.Text.Contains("username", StringComparison.Ordinal)));
        Assert.IsTrue(system.Any(s => s.Keyword(0) == "INSERT" && s.Word(2) == "users" && s.Text.Contains("'alice'", StringComparison.Ordinal)));
    }
}
