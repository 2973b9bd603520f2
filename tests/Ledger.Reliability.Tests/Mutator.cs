using System.Text;

namespace Ledger.Reliability.Tests;

/// <summary>
/// Seeded mutations of ledger text: character flips from every character class, line deletions, duplications and
/// shuffles, truncation, huge lines, deep fence nesting, invalid UTF-8 (decoded as the CLI decodes a file), lone
/// surrogates, splices between ledgers and hostile tags. The same seed and index give the same input.
/// </summary>
public static class Mutator
{
    /// <summary>Characters of every class a tag or a fence can meet.</summary>
    private static readonly string[] Classes =
    [
        "abcxyzSYSTEMuser", "0123456789", "[]:-_.+>→←↔", "`~", " \t", "\n", "\r", "\r\n", "\0\u0001\u001b\u007f", "\uFEFF\u200B\u00A0\u2028",
        "ａｂ０１：［］", "аеорсух", "é\u0301ß", "😀🚀", "\\/\"'*?|<>", "#>*-+|", "{}()$%&@!^=",
    ];

    private static readonly string[] TagWords = ["system", "user", "sytem", "usr", "USER", "", "baseline", "start", "end", "begin", "from_version", "to_version"];

    public static string Mutate(string text, IReadOnlyList<string> corpus, Random random)
    {
        int operations = 1 + random.Next(4);
        for (int i = 0; i < operations; i++)
        {
            text = random.Next(100) switch
            {
                < 18 => FlipCharacters(text, random),
                < 28 => EditLines(text, random, (lines, r) => { if (lines.Count > 0) lines.RemoveAt(r.Next(lines.Count)); }),
                < 36 => EditLines(text, random, (lines, r) => { if (lines.Count > 0) { int at = r.Next(lines.Count); lines.Insert(at, lines[at]); } }),
                < 44 => EditLines(text, random, Shuffle),
                < 50 => text[..random.Next(text.Length + 1)],
                < 51 => HugeLine(text, random),
                < 55 => DeepFences(text, random),
                < 62 => InvalidUtf8(text, random),
                < 75 => EditLines(text, random, (lines, r) => lines.Insert(r.Next(lines.Count + 1), HostileTag(r))),
                < 85 => EditLines(text, random, MutateTagLine),
                < 92 => Splice(text, corpus[random.Next(corpus.Count)], random),
                < 96 => EditLines(text, random, (lines, r) => { for (int k = 0; k < lines.Count; k++) lines[k] = lines[k].Replace("\n", "\r\n", StringComparison.Ordinal); }),
                _ => EditLines(text, random, (lines, r) => lines.Insert(r.Next(lines.Count + 1), new string(Pick(r)[0], r.Next(1, 5000)))),
            };
        }

        return text;
    }

    private static string Pick(Random random) => Classes[random.Next(Classes.Length)];

    private static string FlipCharacters(string text, Random random)
    {
        if (text.Length == 0) return Pick(random);
        var sb = new StringBuilder(text);
        int flips = 1 + random.Next(8);
        for (int i = 0; i < flips && sb.Length > 0; i++)
        {
            string cls = Pick(random);
            int at = random.Next(sb.Length);
            // Prefer positions on tag and fence lines, where the grammar is.
            int tag = text.IndexOf("-- [", random.Next(text.Length), StringComparison.Ordinal);
            if (tag >= 0 && random.Next(2) == 0) at = Math.Min(sb.Length - 1, tag + random.Next(40));
            sb[at] = cls[random.Next(cls.Length)];
        }

        return sb.ToString();
    }

    private static string EditLines(string text, Random random, Action<List<string>, Random> edit)
    {
        var lines = text.Split('\n').ToList();
        edit(lines, random);
        return string.Join('\n', lines);
    }

    private static void Shuffle(List<string> lines, Random random)
    {
        if (lines.Count < 2) return;
        int start = random.Next(lines.Count), length = Math.Min(lines.Count - start, 1 + random.Next(30));
        for (int i = start + length - 1; i > start; i--)
        {
            int j = start + random.Next(i - start + 1);
            (lines[i], lines[j]) = (lines[j], lines[i]);
        }
    }

    private static string HugeLine(string text, Random random)
    {
        string unit = random.Next(3) switch { 0 => "-- [user:1.0.0→1.1.0:start]", 1 => "`", _ => Pick(random) };
        var sb = new StringBuilder(1 << 20);
        while (sb.Length < 1 << 20) sb.Append(unit);
        int at = random.Next(text.Length + 1);
        return text[..at] + "\n" + sb + "\n" + text[at..];
    }

    private static string DeepFences(string text, Random random)
    {
        int depth = 1 + random.Next(random.Next(2) == 0 ? 50 : 2000);
        var sb = new StringBuilder();
        for (int i = 0; i < depth; i++)
        {
            sb.Append(random.Next(4) switch
            {
                0 => new string('`', 3 + (depth - i)) + "sql\n",
                1 => new string('>', 1 + (i % 50)) + " ```\n",
                2 => new string(' ', Math.Min(i, 200)) + "- ```\n",
                _ => "~~~~\n",
            });
        }

        int at = random.Next(text.Length + 1);
        return text[..at] + sb + text[at..];
    }

    private static string InvalidUtf8(string text, Random random)
    {
        if (random.Next(3) == 0)
        {
            // Lone surrogates: text no encoder would produce.
            int at = random.Next(text.Length + 1);
            return text[..at] + (random.Next(2) == 0 ? "\uD800" : "\uDC00x\uDBFF") + text[at..];
        }

        byte[] bytes = Encoding.UTF8.GetBytes(text);
        var list = new List<byte>(bytes);
        int n = 1 + random.Next(6);
        for (int i = 0; i < n; i++)
        {
            byte[] bad = random.Next(4) switch { 0 => [0xC0, 0x80], 1 => [0xED, 0xA0, 0x80], 2 => [0xF8, 0x88, 0x80, 0x80, 0x80], _ => [(byte)random.Next(0x80, 0x100)] };
            list.InsertRange(random.Next(list.Count + 1), bad);
        }

        return Encoding.UTF8.GetString(list.ToArray()); // as File.ReadAllText(path, UTF8) would read it
    }

    private static string HostileTag(Random random)
    {
        string Word() => random.Next(3) switch
        {
            0 => TagWords[random.Next(TagWords.Length)],
            1 => $"{random.Next(3)}.{random.Next(30)}.{random.Next(30)}" + (random.Next(4) == 0 ? "-rc." + random.Next(5) : "") + (random.Next(6) == 0 ? "+b" + random.Next(9) : ""),
            _ => new string(Enumerable.Range(0, random.Next(0, 12)).Select(_ => Pick(random)).Select(c => c[random.Next(c.Length)]).ToArray()),
        };
        string arrow = random.Next(5) switch { 0 => "->", 1 => "→", 2 => "-", 3 => "=>", _ => "" };
        string number = random.Next(8) == 0 ? "99999999999999999999999.0.0" : Word();
        return $"{(random.Next(6) == 0 ? "" : "--")}{new string(' ', random.Next(3))}[{Word()}:{number}{arrow}{Word()}:{Word()}{(random.Next(6) == 0 ? "" : "]")}";
    }

    private static void MutateTagLine(List<string> lines, Random random)
    {
        var tags = Enumerable.Range(0, lines.Count).Where(i => lines[i].Contains("-- [", StringComparison.Ordinal)).ToList();
        if (tags.Count == 0) return;
        int at = tags[random.Next(tags.Count)];
        lines[at] = random.Next(4) switch
        {
            0 => lines[at].Replace("start", "end", StringComparison.Ordinal),
            1 => lines[at].Replace("user", "system", StringComparison.Ordinal),
            2 => System.Text.RegularExpressions.Regex.Replace(lines[at], "[0-9]+", _ => random.Next(5) == 0 ? "18446744073709551616" : random.Next(40).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            _ => lines[tags[random.Next(tags.Count)]],
        };
    }

    private static string Splice(string text, string other, Random random)
    {
        int a = random.Next(text.Length + 1), b = random.Next(other.Length + 1), len = Math.Min(other.Length - b, random.Next(2000));
        return text[..a] + other.Substring(b, len) + text[a..];
    }
}
