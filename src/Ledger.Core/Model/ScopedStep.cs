namespace Ledger.Model;

/// <summary>A step as databases of one scope see it: the block to run (or none), its checksum, and its down block.</summary>
/// <param name="Step">The step.</param>
/// <param name="Scope">The scope.</param>
/// <param name="Block">The up block, or null when the scope has no block for this edge (an empty step).</param>
/// <param name="DownBlock">The down block, or null.</param>
public sealed record ScopedStep(MigrationStep Step, string Scope, MigrationBlock? Block, MigrationBlock? DownBlock)
{
    /// <summary>The checksum recorded for this edge: the block's, or that of the empty string.</summary>
    public string Checksum => Block?.Checksum ?? Model.Checksum.Empty;

    /// <summary>True when there are statements to run.</summary>
    public bool HasSql => Block?.HasSql == true;

    /// <summary>The journal's <c>kind</c>: <c>applied</c> when statements run, <c>empty</c> otherwise.</summary>
    public string Kind => HasSql ? JournalKinds.Applied : JournalKinds.Empty;

    /// <summary>True when the down block holds statements to run.</summary>
    public bool HasDownSql => DownBlock?.HasSql == true;

    /// <summary>True when rolling this edge back has something to run or needs nothing (its up block has no SQL).</summary>
    public bool CanRollBack => DownBlock is not null || !HasSql;

    /// <summary>What the journal's <c>title</c> column holds.</summary>
    public string Title => Step.Description is null ? Step.Title : $"{Step.Title}: {Step.Description}";
}
