namespace Ledger.Tags;

/// <summary>Whether a tag opens or closes a block.</summary>
public enum TagKind
{
    /// <summary><c>:start]</c></summary>
    Start,

    /// <summary><c>:end]</c></summary>
    End,
}
