namespace Ledger.Testing;

/// <summary>
/// Comparing what a plan prints with what an engine ran, statement by statement (the engines' plan-equals-execution
/// tests): one copy for every test project (linked into each).
/// </summary>
internal static class StatementLists
{
    /// <summary>A statement without surrounding space and without its trailing <c>;</c>.</summary>
    public static string Normal(string sql)
    {
        string text = sql.Trim();
        return text.EndsWith(';') ? text[..^1].TrimEnd() : text;
    }

    /// <summary>Where two lists first differ, then both lists, for an assertion's message.</summary>
    public static string Difference(List<string> planned, List<string> ran)
    {
        int at = 0;
        while (at < planned.Count && at < ran.Count && planned[at] == ran[at]) at++;
        return $"first difference at statement {at + 1}: planned «{(at < planned.Count ? planned[at] : "(end)")}», ran «{(at < ran.Count ? ran[at] : "(end)")}»\n" +
               $"planned:\n{string.Join("\n", planned)}\n\nran:\n{string.Join("\n", ran)}";
    }
}
