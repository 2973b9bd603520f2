namespace Ledger.Text;

/// <summary>Levenshtein distance, for "did you mean" suggestions.</summary>
public static class EditDistance
{
    /// <summary>Edits (insert, delete, substitute) that turn <paramref name="a"/> into <paramref name="b"/>.</summary>
    public static int Between(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    /// <summary>
    /// The closest candidate within <paramref name="maxDistance"/>, or null; case-insensitive both ways, so that a camelCase
    /// candidate (<c>allowSymlinksOutside</c>) is found for a word typed in any case, and returned as the candidate is spelt.
    /// </summary>
    public static string? Closest(string word, IEnumerable<string> candidates, int maxDistance = 2)
    {
        string lower = word.ToLowerInvariant();
        return candidates
            .Select(c => (c, d: Between(lower, c.ToLowerInvariant())))
            .Where(x => x.d <= maxDistance)
            .OrderBy(x => x.d)
            .Select(x => x.c)
            .FirstOrDefault();
    }
}
