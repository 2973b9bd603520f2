using Ledger.Text;

namespace Ledger.Linting;

/// <summary>
/// How two schemas differ, for the down-block check of an engine's SQL replay (LDG028): each schema is a map of
/// "kind name" to its definition, as the engine reads its catalog.
/// </summary>
public static class SchemaDifference
{
    /// <summary>
    /// The first difference between <paramref name="before"/> (the schema before a step) and <paramref name="after"/>
    /// (after its down block), in key order, followed by how many more there are; null when they are the same. A changed
    /// definition is shown by its differing part (<see cref="TextDifference"/>), not by its whole text.
    /// </summary>
    public static string? Describe(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after)
    {
        var differences = before.Keys.Union(after.Keys).Order(StringComparer.Ordinal)
            .Select(key => Of(key, before.GetValueOrDefault(key), after.GetValueOrDefault(key)))
            .OfType<string>().ToList();
        return differences.Count == 0 ? null :
            differences[0] + (differences.Count > 1 ? $" (and {differences.Count - 1} more difference(s))" : "");
    }

    private static string? Of(string key, string? before, string? after) => (before, after) switch
    {
        (null, not null) => $"{key} is still there (it did not exist at the version before the step)",
        (not null, null) => $"{key} is missing (it existed at the version before the step)",
        _ when before == after => null,
        _ => Changed(key, TextDifference.Between(before!, after!)),
    };

    private static string Changed(string key, TextDifference difference) => difference.WhiteSpaceOnly
        ? $"{key} differs only in white space ('{difference.New}')"
        : $"{key} is '{difference.New}' instead of '{difference.Old}'";
}
