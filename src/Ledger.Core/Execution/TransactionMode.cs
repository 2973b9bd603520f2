namespace Ledger.Execution;

/// <summary>How many steps share one transaction.</summary>
public enum TransactionMode
{
    /// <summary>One transaction per step per database (the default): a failure keeps the steps before it.</summary>
    PerStep,

    /// <summary>All pending steps of a database in one transaction: one commit, and all-or-nothing per database.</summary>
    PerDatabase,
}
