using Ledger.Diagnostics;
using Ledger.Tags;

namespace Ledger.Tests.Tags;

[TestClass]
public sealed class TagLineReaderTests
{
    private const string Path = "MIGRATIONS.md";
    private const int LineNumber = 42;

    private static (TagLineResult Result, List<Diagnostic> Diagnostics) Read(string line, int columnOffset = 0)
    {
        var diagnostics = new List<Diagnostic>();
        TagLineResult result = TagLineReader.Read(line, Path, LineNumber, columnOffset, diagnostics, global::Ledger.Model.Scopes.Known);
        return (result, diagnostics);
    }

    [TestMethod]
    [DataRow("-- [system:0.3.19→0.3.20:start]", "system", "0.3.19", "0.3.20", "start", 1)]
    [DataRow("-- [user:0.3.19→0.3.20:end]", "user", "0.3.19", "0.3.20", "end", 1)]
    [DataRow("-- [user:0.3.19->0.3.20:start]", "user", "0.3.19", "0.3.20", "start", 1)]
    [DataRow("--[user:0.3.19->0.3.20:end]", "user", "0.3.19", "0.3.20", "end", 1)]
    [DataRow("   --   [user:0.3.19→0.3.20:start]   ", "user", "0.3.19", "0.3.20", "start", 4)]
    [DataRow("\t-- [user:0.3.19→0.3.20:start]\t", "user", "0.3.19", "0.3.20", "start", 2)]
    [DataRow("-- [user:1.0.0-rc.1->1.0.0:start]", "user", "1.0.0-rc.1", "1.0.0", "start", 1)]
    [DataRow("-- [user:1.0.0-rc.1→1.0.0:start]", "user", "1.0.0-rc.1", "1.0.0", "start", 1)]
    [DataRow("-- [user:1.0.0-alpha.1->1.0.0-alpha.beta:end]", "user", "1.0.0-alpha.1", "1.0.0-alpha.beta", "end", 1)]
    [DataRow("-- [user:1.0.0-x-y->1.0.0-x-z:end]", "user", "1.0.0-x-y", "1.0.0-x-z", "end", 1)]
    [DataRow("-- [system:baseline→0.3.19:start]", "system", "baseline", "0.3.19", "start", 1)]
    [DataRow("-- [system:0.3.19->baseline:start]", "system", "0.3.19", "baseline", "start", 1)]
    [DataRow("-- [user:1.0.0+build.7→1.0.1:end]", "user", "1.0.0", "1.0.1", "end", 1)]
    public void Reads_valid_tags(string line, string scope, string from, string to, string kind, int column)
    {
        (TagLineResult result, List<Diagnostic> diagnostics) = Read(line);

        Assert.IsEmpty(diagnostics, string.Join("\n", diagnostics));
        Assert.AreEqual(TagLineKind.Tag, result.Kind);
        Assert.IsNotNull(result.Tag);
        Assert.AreEqual(scope, result.Tag.Scope);
        Assert.AreEqual(from, result.Tag.From.Normalized);
        Assert.AreEqual(to, result.Tag.To.Normalized);
        Assert.AreEqual(kind == "start" ? TagKind.Start : TagKind.End, result.Tag.Kind);
        Assert.AreEqual(result.Tag.Kind, result.TagKind);
        Assert.AreEqual(new SourceLocation(Path, LineNumber, column), result.Tag.Location);
    }

    [TestMethod]
    public void Start_and_end_written_with_different_arrows_pair()
    {
        TagLineResult start = Read("-- [user:1.0.0-rc.1->1.0.0:start]").Result;
        TagLineResult end = Read("-- [user:1.0.0-rc.1→1.0.0:end]").Result;

        Assert.AreEqual(start.PairKey, end.PairKey);
        Assert.IsTrue(start.Tag!.SameEdge(end.Tag!));
    }

    [TestMethod]
    public void A_down_tag_is_down()
    {
        Tag tag = Read("-- [user:0.3.20→0.3.19:start]").Result.Tag!;
        Assert.IsTrue(tag.IsDown);
        Assert.AreEqual("[user:0.3.20→0.3.19:start]", tag.Display);
    }

    [TestMethod]
    public void Column_offset_of_a_fence_inside_a_list_shifts_every_column()
    {
        (TagLineResult result, _) = Read("  -- [user:0.3.19→0.3.20:start]", columnOffset: 4);
        Assert.AreEqual(7, result.Tag!.Location.Column);

        (_, List<Diagnostic> diagnostics) = Read("-- [sytem:0.3.1→0.3.2:start]", columnOffset: 4);
        Assert.AreEqual(4 + 5, diagnostics.Single().Location.Column);
    }

    [TestMethod]
    public void Two_part_versions_make_a_valid_tag_with_a_warning_each()
    {
        (TagLineResult result, List<Diagnostic> diagnostics) = Read("-- [user:1.0→1.1:start]");

        Assert.IsNotNull(result.Tag);
        Assert.AreEqual("1.0.0", result.Tag.From.Normalized);
        Assert.AreEqual("1.1.0", result.Tag.To.Normalized);
        CollectionAssert.AreEqual(new[] { "LDG004", "LDG004" }, diagnostics.Select(d => d.Code).ToArray());
        CollectionAssert.AreEqual(new[] { 10, 14 }, diagnostics.Select(d => d.Location.Column).ToArray());
        Assert.IsTrue(diagnostics.All(d => d.Severity == Severity.Warning));
    }

    [TestMethod]
    public void Misspelt_scope_is_an_unknown_scope_with_did_you_mean()
    {
        (TagLineResult result, List<Diagnostic> diagnostics) = Read("-- [sytem:0.3.1→0.3.2:start]");

        Diagnostic d = diagnostics.Single();
        Assert.AreEqual("LDG002", d.Code);
        Assert.AreEqual(Severity.Error, d.Severity);
        StringAssert.Contains(d.Message, "did you mean 'system'");
        Assert.AreEqual(new SourceLocation(Path, LineNumber, 5), d.Location);
        Assert.AreEqual(TagLineKind.Tag, result.Kind);
        Assert.IsNull(result.Tag, "a tag with an error makes no step");
        // The start still pairs with a correctly spelt end, so that only one error is reported.
        Assert.AreEqual(Read("-- [system:0.3.1→0.3.2:end]").Result.PairKey, result.PairKey);
    }

    [TestMethod]
    [Timeout(60_000)] // a hang guard, not a speed target: before the limit on repairs this line took minutes
    public void A_tag_like_line_of_a_megabyte_is_reported_without_a_repair_and_does_not_hang()
    {
        // The shape the mutation fuzzer found: a broken tag whose tail repeats arrows, brackets, colons and dashes.
        string line = "-- [system:1.0.0→1.0." + string.Concat(Enumerable.Repeat(">→←↔[]:-_.+", 100_000)) + ":start]";

        (TagLineResult result, List<Diagnostic> diagnostics) = Read(line);

        Assert.IsNull(result.Tag);
        Diagnostic d = diagnostics.Single(x => x.Severity == Severity.Error);
        Assert.AreEqual(LineNumber, d.Location.Line);
        Assert.DoesNotContain("did you mean", d.Message);
    }

    [TestMethod]
    public void Unknown_scope_far_from_any_known_one_has_no_suggestion()
    {
        Diagnostic d = Read("-- [analytics:0.3.1→0.3.2:start]").Diagnostics.Single();
        Assert.AreEqual("LDG002", d.Code);
        Assert.DoesNotContain("did you mean", d.Message);
        StringAssert.Contains(d.Message, "system, user");
    }

    [TestMethod]
    [DataRow("-- [user:0.3.1-0.3.2:start]", "-- [user:0.3.1→0.3.2:start]", TagKind.Start, 15, "expected an arrow (→ or ->), found '-'")]
    [DataRow("-- [user:0.3.1→0.3.2:begin]", "-- [user:0.3.1→0.3.2:start]", TagKind.Start, 22, "'begin' is not a tag kind")]
    [DataRow("-- [user:0.3.1→0.3.2:stop]", "-- [user:0.3.1→0.3.2:end]", TagKind.End, 22, "'stop' is not a tag kind")]
    [DataRow("-- [user:0.3.1→0.3.2:start", "-- [user:0.3.1→0.3.2:start]", TagKind.Start, 27, "expected ']' at the end of the line")]
    [DataRow("-- user:0.3.1→0.3.2:start]", "-- [user:0.3.1→0.3.2:start]", TagKind.Start, 4, "expected '[', found 'u'")]
    [DataRow("-- user:0.3.1→0.3.2:end", "-- [user:0.3.1→0.3.2:end]", TagKind.End, 4, "expected '['")]
    [DataRow("-- [user:0.3.1→0.3.2:end] -- users table", "-- [user:0.3.1→0.3.2:end]", TagKind.End, 27, "expected the end of the line, found '-'")]
    [DataRow("-- [user:0.3.1→0.3.2:start] add users table", "-- [user:0.3.1→0.3.2:start]", TagKind.Start, 29, "found 'a'")]
    [DataRow("-- [user 0.3.1→0.3.2:start]", "-- [user:0.3.1→0.3.2:start]", TagKind.Start, 9, "expected ':' after the scope, found a space")]
    [DataRow("-- [user:0.3.1=>0.3.2:start]", "-- [user:0.3.1→0.3.2:start]", TagKind.Start, 15, "found '=>'")]
    [DataRow("-- [user:0.3.1—0.3.2:start]", "-- [user:0.3.1→0.3.2:start]", TagKind.Start, 15, "found '—'")]
    [DataRow("-- [user:0.3.1 → 0.3.2:start]", "-- [user:0.3.1→0.3.2:start]", TagKind.Start, 15, "expected an arrow (→ or ->), found a space")]
    [DataRow("-- [user:0.3.1⇒0.3.2:start]", "-- [user:0.3.1→0.3.2:start]", TagKind.Start, 15, "expected an arrow (→ or ->), found '⇒'")]
    [DataRow("-- [user:0.3.1⟶0.3.2:end]", "-- [user:0.3.1→0.3.2:end]", TagKind.End, 15, "expected an arrow (→ or ->), found '⟶'")]
    [DataRow("-- [User:v0.3.1→v0.3.2:Start]", "-- [user:0.3.1→0.3.2:start]", TagKind.Start, 24, "'Start' is not a tag kind")]
    public void Near_misses_are_malformed_tags_at_the_offending_character_with_the_corrected_tag_suggested(
        string line, string suggestion, TagKind kind, int column, string detail)
    {
        (TagLineResult result, List<Diagnostic> diagnostics) = Read(line);

        Assert.IsNotEmpty(diagnostics, "a near-miss must never be silently ignored");
        Diagnostic d = diagnostics.First(x => x.Code == "LDG001");
        Assert.AreEqual(Severity.Error, d.Severity);
        StringAssert.Contains(d.Message, $"did you mean '{suggestion}'?");
        StringAssert.Contains(d.Message, detail);
        Assert.AreEqual(new SourceLocation(Path, LineNumber, column), d.Location);
        Assert.AreEqual(TagLineKind.Tag, result.Kind);
        Assert.AreEqual(kind, result.TagKind);
        Assert.IsNull(result.Tag);
    }

    [TestMethod]
    [DataRow("-- [user:0.3.1→0.3.2]", 21, "expected ':' before start/end, found ']'")]
    [DataRow("-- [user:0.3.1→0.3.2:]", 22, "expected 'start' or 'end', found ']'")]
    [DataRow("-- [user:→0.3.2:start]", 10, "expected a version, found '→'")]
    [DataRow("-- [user:0.3.1↦0.3.2:start]", 15, "expected an arrow (→ or ->), found '↦'")]
    [DataRow("-- [user:0.3.1→0.3.2½:start]", 21, "expected ':' before start/end, found '½'")]
    public void A_missing_part_is_reported_where_it_belongs(string line, int column, string detail)
    {
        Diagnostic d = Read(line).Diagnostics.Single();

        Assert.AreEqual("LDG001", d.Code);
        Assert.AreEqual(column, d.Location.Column);
        StringAssert.Contains(d.Message, detail);
    }

    [TestMethod]
    public void A_repaired_near_miss_pairs_with_its_correct_end_tag()
    {
        TagLineResult start = Read("-- [user:0.3.1-0.3.2:start]").Result;
        TagLineResult end = Read("-- [user:0.3.1→0.3.2:end]").Result;
        Assert.AreEqual(end.PairKey, start.PairKey);
    }

    [TestMethod]
    [DataRow("-- [user:0.3.1→0.3.x:start]", 16, "'x' is not a number")]
    [DataRow("-- [user:0.3.01→0.3.2:start]", 10, "leading zero")]
    [DataRow("-- [user:Baseline→0.3.2:start]", 10, "did you mean 'baseline'?")]
    [DataRow("-- [user:v0.3.1→0.3.2:start]", 10, "did you mean '0.3.1'?")]
    public void Invalid_versions_are_reported_at_the_version(string line, int column, string detail)
    {
        (TagLineResult result, List<Diagnostic> diagnostics) = Read(line);

        Diagnostic d = diagnostics.Single();
        Assert.AreEqual("LDG003", d.Code);
        Assert.AreEqual(column, d.Location.Column);
        StringAssert.Contains(d.Message, detail);
        Assert.IsNull(result.Tag);
    }

    [TestMethod]
    [DataRow("-- [system:from_version→to_version:start]", 12)]
    [DataRow("-- [user:from_version→to_version:end]", 10)]
    [DataRow("-- [user:X.Y.Z->X.Y.W:start]", 10)]
    [DataRow("  -- [user:old→new:end]", 12)]
    public void Placeholder_tags_are_documentation(string line, int column)
    {
        (TagLineResult result, List<Diagnostic> diagnostics) = Read(line);

        Assert.AreEqual(TagLineKind.Placeholder, result.Kind);
        Assert.IsNull(result.Tag);
        Diagnostic d = diagnostics.Single();
        Assert.AreEqual("LDG005", d.Code);
        Assert.AreEqual(Severity.Info, d.Severity);
        Assert.AreEqual(column, d.Location.Column);
    }

    [TestMethod]
    [DataRow("-- add column: name")]
    [DataRow("-- [1] note")]
    [DataRow("-- see: a: b")]
    [DataRow("-- note: see docs: here")]
    [DataRow("-- TODO: fix: 2 things")]
    [DataRow("-- ratio: 1:2")]
    [DataRow("-- step 1: a -> b: done")]
    [DataRow("-- [see: docs]")]
    [DataRow("-- [deprecated]")]
    [DataRow("--")]
    [DataRow("-- ")]
    [DataRow("")]
    [DataRow("SELECT 1;")]
    [DataRow("CREATE TABLE t (a TEXT); -- [user:0.3.1→0.3.2:start]")]
    [DataRow("INSERT INTO t VALUES ('-- [user:0.3.1→0.3.2:start]');")]
    [DataRow("# [user:0.3.1→0.3.2:start]")]
    public void Ordinary_lines_are_not_tags(string line)
    {
        (TagLineResult result, List<Diagnostic> diagnostics) = Read(line);

        Assert.AreEqual(TagLineKind.None, result.Kind);
        Assert.IsEmpty(diagnostics, string.Join("\n", diagnostics));
    }
}
