namespace Ledger.Execution;

/// <summary>A row that violates a foreign key: the child table, the row, the parent table and which key.</summary>
/// <param name="Table">Child table.</param>
/// <param name="Row">The child row's number, or null when the engine cannot name the row by a number.</param>
/// <param name="Parent">Parent table.</param>
/// <param name="KeyIndex">Which foreign key of the child table.</param>
public sealed record ForeignKeyViolation(string Table, long? Row, string Parent, long KeyIndex)
{
    /// <inheritdoc />
    public override string ToString() => $"{Table} row {Row?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} → {Parent}";
}

/// <summary>The outcome of a foreign key check.</summary>
/// <param name="Violations">Rows that violate a foreign key.</param>
/// <param name="Mismatches">Schema defects: a foreign key that references a column that is not unique (the engine's message per table).</param>
public sealed record ForeignKeyReport(IReadOnlyList<ForeignKeyViolation> Violations, IReadOnlyList<string> Mismatches)
{
    /// <summary>No violations, no mismatches.</summary>
    public static ForeignKeyReport Clean { get; } = new([], []);

    /// <summary>Violations in this report that are not in <paramref name="before"/> (as a multiset).</summary>
    public IReadOnlyList<ForeignKeyViolation> IntroducedSince(ForeignKeyReport before)
    {
        var remaining = before.Violations.GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());
        var introduced = new List<ForeignKeyViolation>();
        foreach (ForeignKeyViolation v in Violations)
        {
            if (remaining.TryGetValue(v, out int n) && n > 0) remaining[v] = n - 1;
            else introduced.Add(v);
        }

        return introduced;
    }
}
