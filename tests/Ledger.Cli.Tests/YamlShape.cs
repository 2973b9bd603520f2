using System.Text.RegularExpressions;

namespace Ledger.Cli.Tests;

/// <summary>
/// A strict check of the block-style YAML subset that CI files use (no YAML library is referenced): mappings
/// (<c>key: value</c>), sequences (<c>- item</c>), literal block scalars (<c>|</c>), comments, quoted scalars. It rejects
/// tabs, odd indentation, a child indented under a key that already has a value (or under nothing), unbalanced quotes and duplicate keys —
/// the mistakes that make a workflow file invalid — and returns the <c>key: value</c> pairs by dotted path.
/// </summary>
public static partial class YamlShape
{
    /// <summary>Problems found (empty when the file has the expected shape) and the scalar values by path.</summary>
    public static (List<string> Problems, List<(string Path, string Value)> Values) Check(string text)
    {
        var problems = new List<string>();
        var values = new List<(string, string)>();
        // Open containers: (indent of their entries, or -1 until the first one is seen; path; keys seen; the owner's indent).
        var stack = new List<(int Indent, string Path, HashSet<string> Keys, int Owner)> { (0, "", [], -1) };
        int blockScalarIndent = -1, blockScalarParent = -1;
        string[] lines = text.ReplaceLineEndings("\n").Split('\n');
        for (int n = 0; n < lines.Length; n++)
        {
            string raw = lines[n];
            string where = $"line {n + 1}";
            if (raw.Contains('\t')) problems.Add($"{where}: tab character");
            if (raw.Trim().Length == 0) continue;
            int indent = raw.Length - raw.TrimStart(' ').Length;
            if (blockScalarParent >= 0)
            {
                if (indent > blockScalarParent)
                {
                    if (blockScalarIndent < 0) blockScalarIndent = indent;
                    else if (indent < blockScalarIndent) problems.Add($"{where}: block scalar line less indented than the first");
                    continue;
                }

                blockScalarParent = blockScalarIndent = -1;
            }

            string content = StripComment(raw.Trim());
            if (content.Length == 0) continue;
            if (indent % 2 != 0) problems.Add($"{where}: indentation of {indent} spaces is not a multiple of 2");

            bool sequenceItem = content == "-" || content.StartsWith("- ", StringComparison.Ordinal);
            if (stack[^1].Indent == -1)
            {
                // A key with no value opens a block indented deeper (a sequence may sit at the key's own indent);
                // anything else means the key's value is null.
                (int _, string p, HashSet<string> k, int owner) = stack[^1];
                if (indent > owner || (sequenceItem && indent == owner)) stack[^1] = (indent, p, k, owner);
                else stack.RemoveAt(stack.Count - 1);
            }

            while (stack.Count > 1 && indent < stack[^1].Indent) stack.RemoveAt(stack.Count - 1);
            if (indent > stack[^1].Indent) problems.Add($"{where}: unexpected indentation");
            else if (indent < stack[^1].Indent) problems.Add($"{where}: indentation matches no enclosing block");

            string item = content;
            string path = stack[^1].Path;
            int itemIndent = indent;
            if (sequenceItem)
            {
                item = item.Length > 1 ? item[2..].TrimStart() : "";
                itemIndent = indent + 2;
                path += "[]";
                // Keys of a mapping inside a sequence item are indented to the item's content.
                stack.Add((item.Length == 0 ? -1 : itemIndent, path, [], indent));
                if (item.Length == 0) continue;
            }

            Match pair = Pair().Match(item);
            if (!pair.Success)
            {
                if (!QuotesBalanced(item)) problems.Add($"{where}: unbalanced quotes in '{item}'");
                values.Add((path, item));
                continue;
            }

            string key = pair.Groups["key"].Value.Trim('"', '\'');
            string value = pair.Groups["value"].Value.Trim();
            HashSet<string> keys = stack[^1].Keys;
            if (!keys.Add(key)) problems.Add($"{where}: duplicate key '{key}'");
            string keyPath = path.Length == 0 ? key : $"{path}.{key}";
            if (!QuotesBalanced(value)) problems.Add($"{where}: unbalanced quotes in '{value}'");
            if (value.Length > 0 && value[0] is not ('"' or '\'') && value.Contains(": ", StringComparison.Ordinal))
            {
                problems.Add($"{where}: ': ' inside a plain scalar; quote the value");
            }

            if (value is "|" or "|-" or ">" or ">-")
            {
                blockScalarParent = itemIndent;
                values.Add((keyPath, value));
            }
            else if (value.Length == 0)
            {
                stack.Add((-1, keyPath, [], itemIndent));
            }
            else
            {
                values.Add((keyPath, value));
            }
        }

        return (problems, values);
    }

    private static string StripComment(string line)
    {
        if (line.StartsWith('#')) return "";
        bool single = false, dbl = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (c == '\'' && !dbl) single = !single;
            else if (c == '"' && !single) dbl = !dbl;
            else if (c == '#' && !single && !dbl && i > 0 && line[i - 1] == ' ') return line[..i].TrimEnd();
        }

        return line;
    }

    private static bool QuotesBalanced(string value) =>
        !(value.StartsWith('"') || value.StartsWith('\'')) || (value.Length > 1 && value[^1] == value[0]);

    [GeneratedRegex(@"^(?<key>[A-Za-z0-9_$][A-Za-z0-9_.\-$ ]*|""[^""]+""|'[^']+'):(?:\s+(?<value>.*))?$")]
    private static partial Regex Pair();
}
