using System.Globalization;

namespace Ledger.Cli.Output;

/// <summary>
/// How text reports stay readable over thousands of databases: lines that say the same thing about several databases
/// are printed once, with how many databases and a few of their names; a list cut short says how many lines were left
/// out. JSON output is never grouped or cut.
/// </summary>
public static class Grouping
{
    /// <summary>
    /// The smallest number of databases that share a line before it is printed once for all of them: fewer are printed
    /// one by one, as a small deployment reads best.
    /// </summary>
    public const int GroupFrom = 5;

    /// <summary>How many names a grouped line gives as examples.</summary>
    public const int Examples = 3;

    /// <summary>A count for people: <c>2,000</c>.</summary>
    public static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary><c>1 user database</c>, <c>2,000 user databases</c>.</summary>
    public static string Databases(int n, string scope) => $"{Count(n)} {scope} database{(n == 1 ? "" : "s")}";

    /// <summary><c>e.g. u0001, u0002, u0003 and 1,997 more</c>: the first names in order.</summary>
    public static string ExampleNames(IReadOnlyList<string> names) =>
        "e.g. " + string.Join(", ", names.Order(StringComparer.Ordinal).Take(Examples)) + (names.Count > Examples ? $" and {Count(names.Count - Examples)} more" : "");

    /// <summary>
    /// Items with the same key, in the order each key is first seen: a group of at least <see cref="GroupFrom"/> items
    /// is one entry where its first item is, every other item is an entry of its own, in order (so that a handful of
    /// databases reads as before).
    /// </summary>
    /// <remarks>
    /// The key is a string (<see cref="Key"/>), not a tuple: the native build compiles the dictionaries, hash sets and
    /// LINQ grouping once for string keys, where every tuple type would get its own copy of all of them.
    /// </remarks>
    public static IReadOnlyList<IReadOnlyList<T>> Groups<T>(IEnumerable<T> items, Func<T, string> key)
    {
        var list = items.ToList();
        // Each item's key made once: a key is the text of the item's line (a failure with its message, a plan's steps).
        string[] keys = list.Select(key).ToArray();
        var byKey = new Dictionary<string, List<T>>(StringComparer.Ordinal);
        for (int i = 0; i < list.Count; i++)
        {
            if (!byKey.TryGetValue(keys[i], out List<T>? same)) byKey[keys[i]] = same = [];
            same.Add(list[i]);
        }

        var groups = new List<IReadOnlyList<T>>();
        var printed = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < list.Count; i++)
        {
            List<T> members = byKey[keys[i]];
            if (members.Count < GroupFrom) groups.Add([list[i]]);
            else if (printed.Add(keys[i])) groups.Add(members);
        }

        return groups;
    }

    /// <summary>Whether the target is a scope's one database or one of a set, as a key part.</summary>
    public static string Kind(Ledger.Execution.DatabaseTarget target) => target.IsSingle ? "single" : "set";

    /// <summary>
    /// A grouping key made of parts: equal exactly when every part is. Each part is written with its length first, so no
    /// text a part holds (a database's error message, a path) can make two different lists of parts one key. A string,
    /// not a value tuple: each tuple type would compile its own dictionary and grouping code into the native executable.
    /// </summary>
    public static string Key(params ReadOnlySpan<string?> parts)
    {
        var key = new System.Text.StringBuilder();
        foreach (string? part in parts)
        {
            if (part is null) key.Append('-');
            else key.Append(part.Length).Append(':').Append(part);
        }

        return key.ToString();
    }

    /// <summary>The line that ends a list cut short: <c>… and 12 more lines not shown (use --format json for all)</c>.</summary>
    public static string LeftOut(int n, string what) => $"… and {Count(n)} more {what} not shown (use --format json for all)";
}
