using Ledger.Versions;

namespace Ledger.Model;

/// <summary>
/// One edge of the version line, <c>From → To</c> between neighbours, with each scope's up block (if any) and
/// down block (if any). A scope without an up block has an empty step: its databases still move to <see cref="To"/>.
/// </summary>
public sealed class MigrationStep
{
    internal MigrationStep(int index, SemVersion from, SemVersion to,
        IReadOnlyDictionary<string, MigrationBlock> up, IReadOnlyDictionary<string, MigrationBlock> down)
    {
        Index = index;
        From = from;
        To = to;
        Up = up;
        Down = down;
        MigrationBlock? first = null;
        string? description = null;
        foreach (MigrationBlock block in up.Values)
        {
            if (first is null || block.Start.Line < first.Start.Line) first = block;
            description ??= block.Description;
        }

        Title = first?.Title ?? $"{from}→{to}";
        Description = description;
    }

    /// <summary>0-based position on the line: step <c>i</c> goes from version <c>i</c> to version <c>i+1</c>.</summary>
    public int Index { get; }

    /// <summary>The version the step leaves.</summary>
    public SemVersion From { get; }

    /// <summary>The version the step reaches.</summary>
    public SemVersion To { get; }

    /// <summary>Up blocks by scope.</summary>
    public IReadOnlyDictionary<string, MigrationBlock> Up { get; }

    /// <summary>Down blocks by scope.</summary>
    public IReadOnlyDictionary<string, MigrationBlock> Down { get; }

    /// <summary>The heading above the step's first block.</summary>
    public string Title { get; }

    /// <summary>The step's <c>**Description**:</c>, if any.</summary>
    public string? Description { get; }

    /// <summary>True when no scope's block has SQL and every later step is planned too (docs/ledger-format.md).</summary>
    public bool IsPlanned { get; internal set; }

    /// <summary>True when at least one scope's up block holds a statement.</summary>
    public bool HasSql => Up.Values.Any(b => b.HasSql);

    /// <summary>This step as seen by databases of one scope.</summary>
    public ScopedStep For(string scope) =>
        new(this, scope, Up.GetValueOrDefault(scope), Down.GetValueOrDefault(scope));

    /// <inheritdoc />
    public override string ToString() => $"{From}→{To}";
}
