namespace Ledger.Model;

/// <summary>Values of the journal's <c>kind</c> column (docs/apply.md).</summary>
public static class JournalKinds
{
    /// <summary>The block's statements ran.</summary>
    public const string Applied = "applied";

    /// <summary>No statements for this scope: the database only moved to the next version.</summary>
    public const string Empty = "empty";

    /// <summary>Stamped by <c>ledger baseline</c>: the schema existed before Ledger; nothing ran.</summary>
    public const string Baselined = "baselined";

    /// <summary>A no-transaction block is under way (or was interrupted): the database is incomplete until it is resumed.</summary>
    public const string Started = "started";
}
