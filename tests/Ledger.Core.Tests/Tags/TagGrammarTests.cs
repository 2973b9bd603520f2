using System.Text;
using Ledger.Tags;
using Sprache;

namespace Ledger.Tests.Tags;

/// <summary>
/// The hand-written scan (<see cref="TagGrammar.TryScan"/>) must accept exactly what the Sprache grammar accepts,
/// with the same parts and positions: it is only a faster way to the same answer.
/// </summary>
[TestClass]
public sealed class TagGrammarTests
{
    private static readonly string[] Seeds =
    [
        "-- [system:0.3.19→0.3.20:start]",
        "  --\t[user:1.0.0-rc.1->1.0.0:end]  ",
        "--[user:baseline->0.1.0:start]",
        "-- [user:1.0.0-x-y->1.0.0-x->z:end]",
        "-- [sytem:0.3.1→0.3.2:begin]",
        "-- [user:from_version→to_version:start]",
        "-- [user:0.3.1-0.3.2:start]",
        "-- [user:0.3.1→0.3.2:start] trailing",
        "-- user:0.3.1→0.3.2:start]",
        "-- [a:b->c:d]",
        "-- [a:b→→c:d]",
        "-- [a:b-->c:d]",
        "-- [a:->c:d]",
        "-- [:b->c:d]",
        "-- [a:b->c:]",
        "-- [a:b->c:d]]",
        "-- [a:b->c:d1]",
        "-- [a:b->c:é]",
    ];

    private static void AssertSame(string line)
    {
        IResult<TagSyntax> reference = TagGrammar.TagLine.TryParse(line);
        bool scanned = TagGrammar.TryScan(line, out TagSyntax? syntax);

        Assert.AreEqual(reference.WasSuccessful, scanned, $"'{line}'");
        if (scanned)
        {
            Assert.AreEqual(reference.Value, syntax, $"'{line}'");
        }
    }

    [TestMethod]
    public void Scan_agrees_with_the_sprache_grammar_on_the_seeds()
    {
        foreach (string line in Seeds)
        {
            AssertSame(line);
        }

        Assert.IsTrue(TagGrammar.TryScan(Seeds[1], out TagSyntax? s));
        Assert.AreEqual(new TagSyntax("user", 6, "1.0.0-rc.1", 11, "1.0.0", 23, "end", 29, 2), s);
    }

    [TestMethod]
    public void Scan_agrees_with_the_sprache_grammar_on_every_single_edit_of_the_seeds()
    {
        const string alphabet = "-[]:→> \t.1aé\r";
        int checkedLines = 0;
        foreach (string seed in Seeds)
        {
            for (int at = 0; at <= seed.Length; at++)
            {
                if (at < seed.Length)
                {
                    AssertSame(seed.Remove(at, 1));
                    checkedLines++;
                }

                foreach (char c in alphabet)
                {
                    AssertSame(seed.Insert(at, c.ToString()));
                    if (at < seed.Length) AssertSame(seed.Remove(at, 1).Insert(at, c.ToString()));
                    checkedLines += 2;
                }
            }
        }

        Assert.IsGreaterThan(5000, checkedLines);
    }

    [TestMethod]
    public void Scan_agrees_with_the_sprache_grammar_on_random_lines()
    {
        const string alphabet = "-->:.11abs→ ]";
        // A tag's shape: separators (null = a random token's slot), each mostly right and sometimes replaced.
        string[]?[] shape = [["--", "-", ""], [" ", "\t", ""], ["[", ""], null, [":", ""], null, ["→", "->", "-", ""], null, [":", ""], null, ["]", ""], [" ", "", "x"]];
        var random = new Random(20251007);
        var sb = new StringBuilder();
        int accepted = 0;
        for (int n = 0; n < 20000; n++)
        {
            sb.Clear();
            foreach (string[]? choices in shape)
            {
                if (choices is not null)
                {
                    sb.Append(random.Next(6) == 0 ? choices[random.Next(choices.Length)] : choices[0]);
                    continue;
                }

                int length = random.Next(0, 5);
                for (int i = 0; i < length; i++) sb.Append(alphabet[random.Next(alphabet.Length)]);
            }

            string line = sb.ToString();
            AssertSame(line);
            if (TagGrammar.TryScan(line, out _)) accepted++;
        }

        Assert.IsGreaterThan(0, accepted, "the random lines must exercise the accepting path too");
    }
}
