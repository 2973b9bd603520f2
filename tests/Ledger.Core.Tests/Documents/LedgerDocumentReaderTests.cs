using Ledger.Diagnostics;
using Ledger.Documents;
using Ledger.Linting;
using Ledger.Model;
using static Ledger.Testing.LedgerText;

namespace Ledger.Tests.Documents;

[TestClass]
public sealed class LedgerDocumentReaderTests
{
    /// <summary>Newest first, with versions whose text order differs from their SemVer order.</summary>
    private static readonly string ReverseLedger =
        "# Migrations\n\nNewest first.\n\n" +
        Section("1.0.0-rc.1", "1.0.0", ("user", "ALTER TABLE notes ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;")) +
        Section("0.10.1", "1.0.0-rc.1", ("system", "ALTER TABLE accounts ADD COLUMN plan TEXT;")) +
        Section("0.10.0", "0.10.1", ("user", "CREATE INDEX idx_notes_title ON notes(title);")) +
        Section("0.9.0", "0.10.0", ("user", "ALTER TABLE notes ADD COLUMN title TEXT;"), ("system", "ALTER TABLE accounts ADD COLUMN email TEXT;")) +
        Section("baseline", "0.9.0", ("system", "CREATE TABLE accounts (id INTEGER PRIMARY KEY, username TEXT NOT NULL);"),
            ("user", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);"));

    [TestMethod]
    public void Steps_are_ordered_by_version_not_by_position()
    {
        LoadedLedger ledger = Load(ReverseLedger);

        Assert.IsFalse(ledger.HasErrors, Describe(ledger.Diagnostics));
        MigrationSet set = ledger.Set!;
        CollectionAssert.AreEqual(
            new[] { "baseline", "0.9.0", "0.10.0", "0.10.1", "1.0.0-rc.1", "1.0.0" },
            set.VersionLine.Select(v => v.Normalized).ToArray());
        CollectionAssert.AreEqual(
            new[] { "baseline→0.9.0", "0.9.0→0.10.0", "0.10.0→0.10.1", "0.10.1→1.0.0-rc.1", "1.0.0-rc.1→1.0.0" },
            set.Steps.Select(s => s.ToString()).ToArray());
        Assert.AreEqual("1.0.0", set.DefaultTarget.Normalized);
        Assert.AreEqual("1.0.0", set.Latest.Normalized);
        Assert.IsTrue(set.Steps.Select((s, i) => s.Index == i).All(x => x));
        Assert.AreEqual(LineOf(ReverseLedger, "[user:baseline→0.9.0:start]"), set.Steps[0].Up["user"].Start.Line);
    }

    [TestMethod]
    public void Crlf_and_bom_give_identical_steps_checksums_and_diagnostic_lines()
    {
        // Warnings and infos of several kinds, so that their lines and columns are compared too.
        string lf = ReverseLedger +
            "Tag outside a fence:\n\n-- [user:1.0.0→1.0.1:start]\n\n" +
            "```sql\n-- [user:from_version→to_version:start]\n-- [user:from_version→to_version:end]\n```\n\n" +
            "```\nexample:\n```sql\n-- not a block\n```\n\n" +
            Section("1.0.0", "1.1", ("user", "  DROP TABLE IF EXISTS old_notes;   \n\n-- trailing comment")) +
            Section("1.1", "1.2.0", ("user", "-- planned: DROP TABLE notes;"));
        string crlf = "\uFEFF" + lf.Replace("\n", "\r\n", StringComparison.Ordinal);

        LoadedLedger a = Load(lf), b = Load(crlf);

        Assert.IsFalse(a.HasErrors, Describe(a.Diagnostics));
        Assert.AreEqual(Describe(a.Diagnostics), Describe(b.Diagnostics));
        StringAssert.Contains(Codes(a.Diagnostics), "LDG004");
        StringAssert.Contains(Codes(a.Diagnostics), "LDG005");
        StringAssert.Contains(Codes(a.Diagnostics), "LDG006");
        StringAssert.Contains(Codes(a.Diagnostics), "LDG019");
        StringAssert.Contains(Codes(a.Diagnostics), "LDG020");
        StringAssert.Contains(Codes(a.Diagnostics), "LDG024");
        Assert.AreEqual(LineOf(lf, "-- [user:1.0.0→1.0.1:start]"),
            b.Diagnostics.Single(d => d.Code == "LDG006").Location.Line);

        string Steps(LoadedLedger l) => string.Join("\n", l.Set!.Steps.SelectMany(s => s.Up.Values.Concat(s.Down.Values))
            .Select(x => $"{x} {x.Checksum} {x.Start} {x.End} [{x.Body}] {x.Title} {x.Description} {x.Statements.Count}"));
        Assert.AreEqual(Steps(a), Steps(b));
        Assert.DoesNotContain("\r", Steps(b));
        Assert.AreEqual(a.Document.LineCount, b.Document.LineCount);
    }

    [TestMethod]
    public void Several_blocks_may_share_one_fence()
    {
        string text = "# M\n\n```sql\n" +
            Block("system", "baseline", "1.0.0", "CREATE TABLE accounts (id INTEGER PRIMARY KEY);") +
            "\n-- between the blocks: not part of either\n\n" +
            Block("user", "baseline", "1.0.0", "CREATE TABLE notes (id INTEGER PRIMARY KEY);") +
            Block("user", "1.0.0", "1.1.0", "ALTER TABLE notes ADD COLUMN body TEXT;") +
            "```\n";

        LedgerDocument document = LedgerDocumentReader.Read(text, FileName);

        Assert.IsEmpty(document.Diagnostics, Describe(document.Diagnostics));
        Assert.HasCount(1, document.Fences);
        CollectionAssert.AreEqual(
            new[] { "system baseline→1.0.0", "user baseline→1.0.0", "user 1.0.0→1.1.0" },
            document.Blocks.Select(b => b.ToString()).ToArray());
        Assert.AreEqual("CREATE TABLE notes (id INTEGER PRIMARY KEY);", document.Blocks[1].Body);
        Assert.AreEqual(LineOf(text, "[user:1.0.0→1.1.0:start]"), document.Blocks[2].Start.Line);
        Assert.AreEqual(LineOf(text, "[user:1.0.0→1.1.0:end]"), document.Blocks[2].End.Line);
    }

    [TestMethod]
    public void A_large_ledger_built_on_several_threads_keeps_file_order_titles_and_checksums()
    {
        // Enough blocks for the reader to build them in parallel.
        var text = new System.Text.StringBuilder("# Migrations\n\n");
        string from = "baseline";
        for (int i = 1; i <= 400; i++)
        {
            string to = $"0.{i}.0";
            text.Append(Section(from, to, ("user", $"ALTER TABLE notes ADD COLUMN c{i} TEXT;\nCREATE INDEX i{i} ON notes(c{i});")));
            from = to;
        }

        LedgerDocument document = LedgerDocumentReader.Read(text.ToString(), FileName);

        Assert.HasCount(400, document.Blocks);
        for (int i = 0; i < 400; i++)
        {
            MigrationBlock block = document.Blocks[i];
            Assert.AreEqual($"0.{i + 1}.0", block.To.Normalized);
            Assert.AreEqual($"Migration: {block.From} → {block.To}", block.Title);
            Assert.AreEqual($"step to {block.To}", block.Description);
            Assert.AreEqual(Checksum.Of(block.Body), block.Checksum);
            Assert.AreEqual($"CREATE INDEX i{i + 1} ON notes(c{i + 1});", block.Statements[1].Text);
        }

        Assert.IsTrue(document.Blocks.Zip(document.Blocks.Skip(1)).All(p => p.First.Start.Line < p.Second.Start.Line));
    }

    [TestMethod]
    public void The_body_is_kept_verbatim_between_the_tag_lines()
    {
        const string body = "\n  -- indented comment\nCREATE TABLE t (\n\tx TEXT   \n);\n";
        string text = "```\n" + Block("user", "baseline", "1.0.0", body) + "```\n";

        MigrationBlock block = LedgerDocumentReader.Read(text, FileName).Blocks.Single();

        Assert.AreEqual(body, block.Body);
        Assert.AreEqual(Checksum.Of(body), block.Checksum);
    }

    [TestMethod]
    [DataRow("    ")]
    [DataRow("\t\t\t\t")]
    [DataRow("        ")]
    public void A_blank_line_of_spaces_inside_a_fence_is_part_of_the_body(string blank)
    {
        string text = "```sql\n" + Block("user", "baseline", "1.0.0", $"CREATE TABLE t (x);\n{blank}\nSELECT 1;") + blank + "\n```\n";

        LedgerDocument document = LedgerDocumentReader.Read(text, FileName);

        Assert.IsEmpty(document.Diagnostics, Describe(document.Diagnostics));
        Assert.AreEqual($"CREATE TABLE t (x);\n{blank}\nSELECT 1;", document.Blocks.Single().Body);
    }

    [TestMethod]
    [DataRow("```sql")]
    [DataRow("```")]
    [DataRow("~~~sqlite")]
    [DataRow("````postgres extra info")]
    public void Blocks_are_found_in_fences_of_any_info_string(string opener)
    {
        string closer = new(opener[0], opener.TakeWhile(c => c == opener[0]).Count());
        string text = opener + "\n" + Block("user", "baseline", "1.0.0", "SELECT 1;") + closer + "\n";

        LedgerDocument document = LedgerDocumentReader.Read(text, FileName);

        Assert.HasCount(1, document.Blocks);
        Assert.IsEmpty(document.Diagnostics);
    }

    [TestMethod]
    public void Blocks_inside_lists_and_block_quotes_are_read_without_their_container_prefix()
    {
        const string text = """
            # Migrations

            1. The notes table:

               ```sql
               -- [user:baseline→1.0.0:start]
               CREATE TABLE notes (id INTEGER PRIMARY KEY);
                 SELECT 1;
               -- [user:baseline→1.0.0:end]
               ```

            > **Note**: accounts live in the system database.
            >
            > ```sql
            > -- [system:baseline→1.0.0:start]
            > CREATE TABLE accounts (id INTEGER PRIMARY KEY);
            > -- [system:baseline→1.0.0:end]
            > ```
            """;

        LedgerDocument document = LedgerDocumentReader.Read(text, FileName);

        Assert.IsEmpty(document.Diagnostics, Describe(document.Diagnostics));
        MigrationBlock user = document.Blocks.Single(b => b.Scope == "user");
        MigrationBlock system = document.Blocks.Single(b => b.Scope == "system");
        Assert.AreEqual("CREATE TABLE notes (id INTEGER PRIMARY KEY);\n  SELECT 1;", user.Body);
        Assert.AreEqual("CREATE TABLE accounts (id INTEGER PRIMARY KEY);", system.Body);
        Assert.AreEqual(new SourceLocation(FileName, 6, 4), user.Start);
        Assert.AreEqual(new SourceLocation(FileName, 15, 3), system.Start);
        Assert.AreEqual(new SourceLocation(FileName, 8, 6), user.LocationOf(user.Statements[1]));
        Assert.AreEqual(new SourceLocation(FileName, 16, 3), system.LocationOf(system.Statements[0]));
    }

    [TestMethod]
    [DataRow("", 9)]
    [DataRow("\n\n", 10)]
    public void A_fence_left_open_runs_to_the_end_of_the_file_and_its_tags_are_inside_it(string tail, int lastLine)
    {
        string text = "# Migrations\n\n```sql\n" + Block("user", "baseline", "1.0.0", "CREATE TABLE t (x);") +
            Block("user", "1.0.0", "1.1.0", "ALTER TABLE t ADD COLUMN y;").TrimEnd('\n') + tail;

        LedgerDocument document = LedgerDocumentReader.Read(text, FileName);

        // Tags in it were reported as outside any fence (LDG006): its last line was taken to be the opening fence's.
        Assert.IsEmpty(document.Diagnostics, Describe(document.Diagnostics));
        Assert.HasCount(2, document.Blocks);
        CodeFence fence = document.Fences.Single();
        Assert.IsNull(fence.CloseLine);
        Assert.AreEqual(lastLine, fence.LastLine);
    }

    [TestMethod]
    [DataRow(" ")]
    [DataRow("   ")]
    public void An_indented_fence_removes_as_much_indentation_from_its_lines_as_its_opener_has(string indent)
    {
        string text = "# Migrations\n\n" + indent + "```sql\n" + indent + "-- [user:baseline→1.0.0:start]\n" +
            "CREATE TABLE t (\n" + indent + indent + "x TEXT);\n" + indent + "-- [user:baseline→1.0.0:end]\n" + indent + "```\n";

        MigrationBlock block = LedgerDocumentReader.Read(text, FileName).Blocks.Single();

        Assert.AreEqual("CREATE TABLE t (\n" + indent + "x TEXT);", block.Body);
        Assert.AreEqual(new SourceLocation(FileName, 4, indent.Length + 1), block.Start);
    }

    [TestMethod]
    public void A_nul_character_in_a_fence_is_read_as_markdig_reads_it_so_that_checksums_do_not_change()
    {
        string text = "```sql\n" + Block("user", "baseline", "1.0.0", "SELECT 'a\0b';") + "```\n";

        MigrationBlock block = LedgerDocumentReader.Read(text, FileName).Blocks.Single();

        Assert.AreEqual("SELECT 'a\uFFFDb';", block.Body);
    }

    [TestMethod]
    public void Title_and_description_come_from_the_heading_that_names_the_version()
    {
        const string text = """
            # Notes app migrations

            **Description**: not this one, it is above the heading.

            ## History

            ### Migration: 1.0.0 → 1.1.0

            **Date**: 2025-01-02
            **Description**: Tags for notes

            #### User Database Changes

            ```sql
            -- [user:1.0.0→1.1.0:start]
            CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT);
            -- [user:1.0.0→1.1.0:end]
            ```

            ### Initial schema

            ```sql
            -- [user:baseline→1.0.0:start]
            CREATE TABLE notes (id INTEGER PRIMARY KEY);
            -- [user:baseline→1.0.0:end]
            ```
            """;

        LoadedLedger ledger = Load(text);

        Assert.IsFalse(ledger.HasErrors, Describe(ledger.Diagnostics));
        MigrationStep tags = ledger.Set!.Steps[1];
        Assert.AreEqual("Migration: 1.0.0 → 1.1.0", tags.Title);
        Assert.AreEqual("Tags for notes", tags.Description);
        Assert.AreEqual("Migration: 1.0.0 → 1.1.0: Tags for notes", tags.For("user").Title);
        MigrationStep initial = ledger.Set.Steps[0];
        Assert.AreEqual("Initial schema", initial.Title);
        Assert.IsNull(initial.Description);
        Assert.AreEqual("Initial schema", initial.For("user").Title);
    }

    [TestMethod]
    public void A_block_without_any_heading_is_named_after_its_edge()
    {
        LoadedLedger ledger = Load("```sql\n" + Block("user", "baseline", "1.0.0", "SELECT 1;") + "```\n");
        Assert.AreEqual("baseline→1.0.0", ledger.Set!.Steps[0].Title);
    }

    [TestMethod]
    [DataRow("```sql\n-- [user:baseline→1.0.0:start]\nSELECT 1;\n```\n", "LDG007", 2)]
    [DataRow("```sql\nSELECT 1;\n-- [user:baseline→1.0.0:end]\n```\n", "LDG008", 3)]
    [DataRow("```sql\n-- [user:baseline→1.0.0:start]\n-- [system:baseline→1.0.0:start]\n-- [system:baseline→1.0.0:end]\n```\n", "LDG010", 3)]
    [DataRow("# Title\n\n-- [user:baseline→1.0.0:start]\n", "LDG006", 3)]
    [DataRow("# Nothing here\n\nJust prose.\n", "LDG021", 1)]
    [DataRow("```sql\n-- [user:baseline→1.0.0:start]\n```\n```sql\n-- [user:baseline→1.0.0:end]\n```\n", "LDG007", 2)]
    public void Structural_problems_are_reported_at_their_line(string text, string code, int line)
    {
        LoadedLedger ledger = Load(text);

        Diagnostic d = ledger.Diagnostics.First(x => x.Code == code);
        Assert.AreEqual(line, d.Location.Line, Describe(ledger.Diagnostics));
        Assert.AreEqual(1, d.Location.Column);
    }

    [TestMethod]
    [DataRow("-- [system:baseline→1.0.0:end]", 5, "(the scope is system here and user at the start)")]
    [DataRow("-- [user:1.0.0→1.0.0:end]", 10, "(the from version is 1.0.0 here and baseline at the start)")]
    [DataRow("-- [user:baseline->1.0.1:end]", 20, "(the to version is 1.0.1 here and 1.0.0 at the start)")]
    public void A_mismatched_end_tag_is_reported_at_its_first_part_that_differs(string end, int column, string which)
    {
        LoadedLedger ledger = Load("```sql\n-- [user:baseline→1.0.0:start]\n" + end + "\n```\n");

        Diagnostic d = ledger.Diagnostics.First(x => x.Code == "LDG009");
        Assert.AreEqual(3, d.Location.Line, Describe(ledger.Diagnostics));
        Assert.AreEqual(column, d.Location.Column);
        StringAssert.EndsWith(d.Message, which);
    }

    [TestMethod]
    [DataRow("-- [user:baseline↦1.0.0:start]", "-- [user:baseline↦1.0.0:end]")]
    [DataRow("-- [user:baseline↦1.0.0:start]", "-- [user:baseline↦1.0.1:end]")]
    [DataRow("-- [user:baseline⇒1.0.0:start]", "-- [user:baseline⇒1.0.0:end]")]
    public void Two_malformed_tags_are_not_compared_with_each_other(string start, string end)
    {
        LoadedLedger ledger = Load("```sql\n" + start + "\nSELECT 1;\n" + end + "\n```\n");

        Assert.AreEqual("LDG001,LDG001", Codes(ledger.Diagnostics.Where(d => d.Code is "LDG001" or "LDG009")), Describe(ledger.Diagnostics));
    }

    [TestMethod]
    [DataRow("\n## 1.0.1\n\n", "put it before line 6 ('## 1.0.1', now read as code), after the block's end tag")]
    [DataRow("\n", "put it before line 6, after the block's end tag")]
    public void A_nested_opener_after_a_finished_block_names_the_line_where_the_closing_fence_was_forgotten(string between, string advice)
    {
        string text = "```sql\n" + Block("user", "baseline", "1.0.0", "SELECT 1;") + between + "```sql\n" + Block("user", "1.0.0", "1.0.1", "SELECT 2;") + "```\n";

        Diagnostic d = Load(text).Diagnostics.Single(x => x.Code == "LDG019");

        Assert.AreEqual(LineOf(text, "```sql", 2), d.Location.Line);
        StringAssert.Contains(d.Message, "inside the code block opened at line 1");
        StringAssert.Contains(d.Message, "its closing ``` was probably forgotten: " + advice);
    }

    [TestMethod]
    public void A_nested_opener_inside_an_unfinished_block_does_not_blame_a_forgotten_closing_fence()
    {
        string text = "```sql\n" + Block("user", "baseline", "1.0.0", "SELECT 1;") + "-- [user:1.0.0→1.0.1:start]\n```sql\nSELECT 2;\n```\n";

        Diagnostic d = Load(text).Diagnostics.Single(x => x.Code == "LDG019");

        Assert.DoesNotContain("forgotten", d.Message);
        StringAssert.EndsWith(d.Message, "use a longer fence (e.g. ````) for the outer block");
    }

    [TestMethod]
    public void A_start_tag_inside_a_fence_is_not_closed_by_an_end_tag_in_another_fence()
    {
        LoadedLedger ledger = Load("```sql\n-- [user:baseline→1.0.0:start]\nSELECT 1;\n```\n\n```sql\n-- [user:baseline→1.0.0:end]\n```\n");

        Assert.AreEqual("LDG021,LDG007,LDG008", Codes(ledger.Diagnostics), Describe(ledger.Diagnostics));
        StringAssert.Contains(ledger.Diagnostics[1].Message, "its code block closes at line 4");
        Assert.IsNull(ledger.Set);
    }

    [TestMethod]
    [DataRow("utf-8")]
    [DataRow("utf-8 with BOM")]
    [DataRow("utf-16 LE with BOM")]
    [DataRow("utf-16 BE with BOM")]
    [DataRow("utf-32 LE with BOM")]
    [DataRow("utf-32 BE with BOM")]
    public void A_ledger_file_is_read_as_the_same_text_whatever_its_encoding_mark(string encoding)
    {
        string text = "# Ledger — ünïcode\n\n```sql\n-- [system:baseline→1.0.0:start]\nCREATE TABLE t (name TEXT DEFAULT 'é');\n-- [system:baseline→1.0.0:end]\n```\n";
        byte[] bytes = encoding switch
        {
            "utf-8" => System.Text.Encoding.UTF8.GetBytes(text),
            "utf-8 with BOM" => [.. System.Text.Encoding.UTF8.GetPreamble(), .. System.Text.Encoding.UTF8.GetBytes(text)],
            "utf-16 LE with BOM" => Marked(System.Text.Encoding.Unicode),
            "utf-16 BE with BOM" => Marked(System.Text.Encoding.BigEndianUnicode),
            "utf-32 LE with BOM" => Marked(new System.Text.UTF32Encoding(bigEndian: false, byteOrderMark: true)),
            _ => Marked(new System.Text.UTF32Encoding(bigEndian: true, byteOrderMark: true)),
        };
        byte[] Marked(System.Text.Encoding e) => [.. e.GetPreamble(), .. e.GetBytes(text)];
        using var dir = new TempDirectory();
        string path = dir.Full("MIGRATIONS.md");
        File.WriteAllBytes(path, bytes);

        Assert.AreEqual(text, LedgerDocumentReader.ReadText(path), "the mark is not part of the text, and the text is decoded as marked");
        LedgerDocument document = LedgerDocumentReader.ReadFile(path);
        Assert.AreEqual(1, document.Blocks.Count);
        Assert.AreEqual(4, document.Blocks[0].Start.Line, "the start tag is on line 4: no mark shifts a line");
        Assert.AreEqual(1, document.Blocks[0].Start.Column, "nor a column");
    }

    [TestMethod]
    public void A_version_named_by_several_tags_is_read_once()
    {
        LedgerDocument document = LedgerDocumentReader.Read(ReverseLedger, "MIGRATIONS.md");

        // 0.10.0 is where one step ends and the next begins, in two scopes: every tag naming it shares one instance.
        var named = document.Blocks.SelectMany(b => new[] { b.From, b.To }).Where(v => v.Normalized == "0.10.0").ToList();
        Assert.IsGreaterThanOrEqualTo(3, named.Count, "the ledger names 0.10.0 in at least three blocks");
        Assert.IsTrue(named.All(v => ReferenceEquals(v, named[0])), "one SemVersion per version text, not one per tag");
    }
}
