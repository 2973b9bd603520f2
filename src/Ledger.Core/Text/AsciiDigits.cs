namespace Ledger.Text;

/// <summary>
/// Digit tests written as plain loops. <c>MemoryExtensions.ContainsAnyInRange('0', '9')</c> and its kin are generic;
/// in the ReadyToRun image that <c>ledger</c> ships, their precompiled code boxed every character compared (7 MB for
/// the 37,000 tags of a 10,000-version ledger), which the JIT does not do, so only the published process showed it.
/// </summary>
internal static class AsciiDigits
{
    /// <summary>True when <paramref name="text"/> holds at least one of '0'–'9'.</summary>
    public static bool Any(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (char.IsAsciiDigit(c)) return true;
        }

        return false;
    }

    /// <summary>True when every character of <paramref name="text"/> is one of '0'–'9' (also when it is empty).</summary>
    public static bool All(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c)) return false;
        }

        return true;
    }
}
