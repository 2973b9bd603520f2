namespace Ledger.Execution;

/// <summary>One row of a query's result.</summary>
/// <param name="Columns">The query's column names, in order (the same list for every row of a query).</param>
/// <param name="Values">The row's values, one per column; NULL is null.</param>
public sealed record QueryRow(IReadOnlyList<string> Columns, IReadOnlyList<object?> Values);
