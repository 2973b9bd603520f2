using Ledger.Diagnostics;
using Ledger.Linting;
using Ledger.Sqlite.Tests.Linting;

namespace Ledger.Sqlite.Tests.Engine;

/// <summary>Spec §3 point 1: a ledger with an error never becomes a set the runner could apply.</summary>
[TestClass]
public sealed class LedgerErrorTests
{
    [TestMethod]
    [DataRow("BEGIN;", "LDG016")]
    [DataRow("BEGIN TRANSACTION;", "LDG016")]
    [DataRow("COMMIT;", "LDG016")]
    [DataRow("SAVEPOINT s1;", "LDG016")]
    [DataRow("VACUUM;", "LDG017")]
    [DataRow("PRAGMA journal_mode = WAL;", "LDG018")]
    [DataRow("DELETE FROM ledger_history WHERE to_version = '1.2.0';", "LDG038")]
    [DataRow("INSERT INTO ledger_history SELECT * FROM ledger_history;", "LDG038")]
    [DataRow("CREATE TEMP TABLE ledger_history (scope TEXT, from_version TEXT, to_version TEXT);", "LDG038")]
    [DataRow("CREATE TRIGGER t_ahead AFTER INSERT ON t BEGIN DELETE FROM \"ledger_history\"; END;", "LDG038")]
    [DataRow("WITH one AS (SELECT 1) UPDATE main.ledger_history SET title = NULL;", "LDG038")]
    [DataRow("ATTACH DATABASE 'other.db' AS other;", "LDG039")]
    [DataRow("detach other;", "LDG039")]
    public void BlockThatControlsTheTransactionIsAnErrorAndGivesNoSet(string statement, string code)
    {
        string ledger = Ledgers.Basic + LedgerText.Step("1.2.0", "1.3.0", user: $"CREATE TABLE t (x);\n{statement}\nINSERT INTO t VALUES (1);");

        LoadedLedger loaded = LedgerLoader.Load(ledger, "MIGRATIONS.md", SqliteLint.Options());

        Assert.IsTrue(loaded.HasErrors);
        Assert.IsNull(loaded.Set, "a ledger with errors must not produce an appliable set");
        Diagnostic error = loaded.Diagnostics.Single(d => d.Severity == Severity.Error);
        Assert.AreEqual(code, error.Code);
        Assert.AreEqual(LedgerText.LineOf(ledger, statement), error.Location.Line);
    }

    [TestMethod]
    public void SameLedgerWithoutTheStatementLoads()
    {
        string ledger = Ledgers.Basic + LedgerText.Step("1.2.0", "1.3.0", user: "CREATE TABLE t (x);\nINSERT INTO t VALUES (1);");

        LoadedLedger loaded = LedgerLoader.Load(ledger, "MIGRATIONS.md", SqliteLint.Options());

        Assert.IsFalse(loaded.HasErrors, string.Join("\n", loaded.Diagnostics));
        Assert.IsNotNull(loaded.Set);
    }
}
