namespace Ledger.Cli.Tests;

/// <summary>
/// The shell lines of a README's fenced <c>sh</c> block, read as a POSIX shell would split their words (quotes,
/// comments), so a test can run a documented command verbatim and the document cannot drift from what works.
/// </summary>
public static class ShellLine
{
    /// <summary>The lines of the first <c>```sh</c> block after the heading <paramref name="heading"/> in a Markdown file.</summary>
    public static List<string> Block(string markdownPath, string heading)
    {
        string[] lines = File.ReadAllLines(markdownPath);
        int at = Array.FindIndex(lines, l => l.Trim() == heading);
        if (at < 0) throw new AssertFailedException($"{markdownPath} has no heading '{heading}'");
        int open = Array.FindIndex(lines, at, l => l.Trim() == "```sh");
        int close = Array.FindIndex(lines, open + 1, l => l.Trim() == "```");
        if (open < 0 || close < 0) throw new AssertFailedException($"{markdownPath}: no ```sh block under '{heading}'");
        return lines[(open + 1)..close].Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#')).ToList();
    }

    /// <summary>A line's words: quotes removed, a trailing <c># comment</c> dropped.</summary>
    public static List<string> Words(string line)
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        bool inWord = false;
        char quote = '\0';
        foreach (char c in line)
        {
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                else word.Append(c);
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else if (c == '#' && !inWord)
            {
                break;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (quote != '\0') throw new AssertFailedException($"unclosed quote in: {line}");
        if (inWord) words.Add(word.ToString());
        return words;
    }
}
