namespace Ledger.Diagnostics;

/// <summary>The order findings are shown in: by file, line, column, then code.</summary>
public static class DiagnosticOrder
{
    /// <summary>Compares two diagnostics for display.</summary>
    public static int Compare(Diagnostic a, Diagnostic b)
    {
        int c = string.CompareOrdinal(a.Location.Path, b.Location.Path);
        if (c == 0) c = a.Location.Line.CompareTo(b.Location.Line);
        if (c == 0) c = a.Location.Column.CompareTo(b.Location.Column);
        if (c == 0) c = string.CompareOrdinal(a.Code, b.Code);
        return c;
    }
}
