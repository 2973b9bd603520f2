using System.Text;
using Ledger.Model;
using Ledger.Tags;
using Ledger.Versions;

namespace Ledger.Authoring;

/// <summary>
/// Writes the section <c>ledger new --to V</c> appends: a heading, a description line and one empty, correctly tagged
/// block per scope (those the ledger may name: <see cref="MigrationSet.Scopes"/>, in order) for the edge from the ledger's last version to V. Empty blocks are comment-only, so the new step is
/// planned (not applied) until SQL is written into it.
/// </summary>
public static class NewStepWriter
{
    /// <summary>The new text of the ledger, or an error when <paramref name="version"/> is not above the last version.</summary>
    public static (string? Text, string? Error) Append(string ledgerText, MigrationSet set, SemVersion version, string? title) =>
        Append(ledgerText, set.Latest, set.Scopes, version, title);

    /// <summary>
    /// The new text of a ledger that has no step yet (what <c>ledger init</c> writes): its first step goes from
    /// <c>baseline</c> to <paramref name="version"/>, with one block per scope of <paramref name="scopes"/>.
    /// </summary>
    public static (string? Text, string? Error) AppendFirst(string ledgerText, IReadOnlyList<string> scopes, SemVersion version, string? title) =>
        Append(ledgerText, SemVersion.Baseline, scopes, version, title);

    private static (string? Text, string? Error) Append(string ledgerText, SemVersion last, IReadOnlyList<string> scopes, SemVersion version, string? title)
    {
        if (version <= last)
        {
            return (null, $"version {version} is not above the ledger's last version {last}: history can only grow at the end");
        }

        string newline = ledgerText.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var sb = new StringBuilder(ledgerText);
        if (ledgerText.Length > 0 && !ledgerText.EndsWith('\n')) sb.Append(newline);
        if (ledgerText.Length > 0) sb.Append(newline);

        string from = last.Normalized, to = version.Normalized;
        sb.Append($"### Migration: {from} → {to}").Append(newline).Append(newline);
        sb.Append($"**Description**: {(string.IsNullOrWhiteSpace(title) ? "TODO: say what this step changes and why" : title.Trim())}").Append(newline);
        foreach (string scope in scopes)
        {
            sb.Append(newline).Append("```sql").Append(newline);
            sb.Append("-- ").Append(Tag.Format(scope, from, to, TagKind.Start)).Append(newline);
            sb.Append($"-- {scope} database changes for {to} go here").Append(newline);
            sb.Append("-- ").Append(Tag.Format(scope, from, to, TagKind.End)).Append(newline);
            sb.Append("```").Append(newline);
        }

        return (sb.ToString(), null);
    }
}
