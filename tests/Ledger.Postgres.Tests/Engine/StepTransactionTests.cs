using Ledger.Execution;
using Ledger.Testing;

namespace Ledger.Postgres.Tests.Engine;

/// <summary>A step is one transaction: a failure leaves nothing of it, and says where and why.</summary>
[TestClass]
public sealed class StepTransactionTests
{
    private static readonly string Ledger =
        "# Ledger\n\n" +
        LedgerText.Section("baseline", "1.0.0", ("user", "CREATE TABLE notes (id bigint PRIMARY KEY);")) +
        LedgerText.Section("1.0.0", "1.1.0", ("user", "CREATE TABLE tags (id bigint);\nINSERT INTO notes VALUES (1);\nINSERT INTO notes\n    VALUES (1);\nCREATE TABLE never (id bigint);"));

    [TestMethod]
    public async Task AFailingStepLeavesNothingAndNamesTenantEdgeStatementLineAndSqlState()
    {
        await using PgWorkspace ws = await PgWorkspace.CreateAsync();
        DatabaseResult result = await ws.MigrateAsync(ws.Tenant("alice"), PgWorkspace.Load(Ledger), "1.1.0");

        Assert.AreEqual(DatabaseOutcome.Failed, result.Outcome, result.Describe());
        Assert.AreEqual("1.0.0", result.To?.ToString(), "the first step stays committed");
        StepFailure failure = result.Failure!;
        Assert.AreEqual("1.0.0→1.1.0", failure.Edge);
        Assert.AreEqual(LedgerText.LineOf(Ledger, "INSERT INTO notes", occurrence: 2), failure.Location!.Line);
        StringAssert.StartsWith(failure.Statement, "INSERT INTO notes");
        StringAssert.Contains(failure.Message, "duplicate key value violates unique constraint \"notes_pkey\" (SQLSTATE 23505)");
        StringAssert.Contains(result.Describe(), "alice");

        CollectionAssert.AreEqual(new[] { "ledger_history", "notes" }, await ws.TablesAsync("tenant_alice"), "no table of the failed step remains");
        CollectionAssert.AreEqual(new[] { "baseline→1.0.0 applied" }, await ws.JournalAsync("tenant_alice"));
        CollectionAssert.AreEqual(Array.Empty<string>(), await ws.QueryAsync("SELECT id FROM tenant_alice.notes"));
    }

    [TestMethod]
    public async Task PerDatabaseModeIsAllOrNothing()
    {
        await using PgWorkspace ws = await PgWorkspace.CreateAsync();
        DatabaseResult result = await ws.MigrateAsync(ws.Tenant("bob"), PgWorkspace.Load(Ledger), "1.1.0",
            new ApplyOptions { Backup = false, TransactionMode = TransactionMode.PerDatabase });

        Assert.AreEqual(DatabaseOutcome.Failed, result.Outcome, result.Describe());
        CollectionAssert.AreEqual(Array.Empty<string>(), await ws.TablesAsync("tenant_bob"), "the schema is created, and nothing in it");
    }

    [TestMethod]
    public async Task ASyntaxErrorSaysWhereInTheStatement()
    {
        await using PgWorkspace ws = await PgWorkspace.CreateAsync();
        string ledger = "# Ledger\n\n" + LedgerText.Section("baseline", "1.0.0", ("user", "CREATE TABLE notes (\n    id bigint PRIMARY KEY,\n    body txet\n);"));
        DatabaseResult result = await ws.MigrateAsync(ws.Tenant("carol"), PgWorkspace.Load(ledger), "1.0.0");

        Assert.AreEqual(DatabaseOutcome.Failed, result.Outcome);
        Assert.AreEqual("type \"txet\" does not exist (SQLSTATE 42704) at line 3 of the statement", result.Failure!.Message);
        Assert.AreEqual(LedgerText.LineOf(ledger, "CREATE TABLE notes"), result.Failure.Location!.Line);
    }
}
