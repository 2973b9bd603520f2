using System.Text;

namespace Ledger.Text;

/// <summary>
/// The part of two texts that differs, for a message: runs of white space (line breaks included) read as one space,
/// the common beginning and end cut down to a few words of context and marked with "…". For example
/// <c>CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, title TEXT)</c> against
/// <c>CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)</c> gives <c>…KEY, body TEXT, title TEXT)</c> and
/// <c>…KEY, body TEXT)</c>: where a reader should look, not the first hundred characters of both.
/// </summary>
/// <param name="Old">The excerpt of the old text.</param>
/// <param name="New">The excerpt of the new text.</param>
/// <param name="WhiteSpaceOnly">True when the texts differ only in white space (the excerpts are then the same).</param>
public sealed record TextDifference(string Old, string New, bool WhiteSpaceOnly)
{
    /// <summary>Texts this short (after folding white space) are shown whole.</summary>
    public const int ShownWhole = 60;

    /// <summary>Characters of common text kept on each side of the change.</summary>
    public const int Context = 20;

    /// <summary>The longest differing part shown before it is cut.</summary>
    public const int ChangeShown = 60;

    /// <summary>The differing part of <paramref name="old"/> and <paramref name="now"/>.</summary>
    public static TextDifference Between(string old, string now)
    {
        string a = Fold(old), b = Fold(now);
        if (a == b)
        {
            return new TextDifference(Cut(a), Cut(b), old != now);
        }

        if (a.Length <= ShownWhole && b.Length <= ShownWhole)
        {
            return new TextDifference(a, b, false);
        }

        int prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix]) prefix++;
        int suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[^(suffix + 1)] == b[^(suffix + 1)]) suffix++;

        int start = StartOfContext(a, prefix);
        return new TextDifference(Excerpt(a, start, prefix, suffix), Excerpt(b, start, prefix, suffix), false);
    }

    /// <summary>Where the shown part begins: about <see cref="Context"/> characters before the change, at a word's start.</summary>
    private static int StartOfContext(string text, int prefix)
    {
        if (prefix <= Context + Context / 2)
        {
            return 0;
        }

        // Back to the start of the word the cut falls in, unless that word is long; then forward to the next word.
        int start = prefix - Context;
        int before = text.LastIndexOf(' ', start);
        if (before >= 0 && start - before <= Context / 2)
        {
            return before + 1;
        }

        int after = text.IndexOf(' ', start, Context);
        return after >= 0 && after + 1 < prefix ? after + 1 : start;
    }

    private static string Excerpt(string text, int start, int prefix, int suffix)
    {
        var sb = new StringBuilder();
        if (start > 0) sb.Append('…');
        sb.Append(text, start, prefix - start);

        int changeEnd = text.Length - suffix;
        if (changeEnd - prefix > ChangeShown)
        {
            sb.Append(text, prefix, ChangeShown).Append('…');
            return sb.ToString();
        }

        sb.Append(text, prefix, changeEnd - prefix);
        // A short rest is shown rather than cut: "…" would hide no more than it takes.
        int end = suffix <= Context + Context / 2 ? text.Length : changeEnd + Context;
        if (end < text.Length)
        {
            int space = text.LastIndexOf(' ', end - 1, end - changeEnd);
            if (space > changeEnd) end = space;
        }

        sb.Append(text, changeEnd, end - changeEnd);
        if (end < text.Length) sb.Append('…');
        return sb.ToString();
    }

    /// <summary>A text on its own (added or removed): white space folded, cut after <see cref="ShownWhole"/> characters.</summary>
    public static string Shorten(string text) => Cut(Fold(text));

    private static string Cut(string text) => text.Length <= ShownWhole ? text : text[..ShownWhole] + "…";

    /// <summary>Trims the text and reads every run of white space as one space.</summary>
    private static string Fold(string text)
    {
        var sb = new StringBuilder(text.Length);
        bool space = false;
        foreach (char c in text.AsSpan().Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space) sb.Append(' ');
            space = false;
            sb.Append(c);
        }

        return sb.ToString();
    }
}
