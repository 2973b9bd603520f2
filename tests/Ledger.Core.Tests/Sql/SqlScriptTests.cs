using Ledger.Sql;

namespace Ledger.Tests.Sql;

[TestClass]
public sealed class SqlScriptTests
{
    private static string Positions(IReadOnlyList<SqlStatement> statements) =>
        string.Join(" | ", statements.Select(s => $"{s.Line}:{s.Column}"));

    [TestMethod]
    [DataRow("CREATE TABLE a (x);\nCREATE TABLE b (y);", 2, "0:0 | 1:0")]
    [DataRow("  SELECT 1;  SELECT 2;", 2, "0:2 | 0:13")]
    [DataRow("\n\n    SELECT\n      1;\n", 1, "2:4")]
    [DataRow("SELECT 1;\r\n\r\n  SELECT 2;\r\n", 2, "0:0 | 2:2")]
    [DataRow("INSERT INTO t VALUES ('a;b');\nSELECT 'it''s; fine';", 2, "0:0 | 1:0")]
    [DataRow("INSERT INTO t VALUES ('line one;\nline two;');\nSELECT 2;", 2, "0:0 | 2:0")]
    [DataRow("CREATE TABLE \"we;ird\" ([x;y] TEXT, `a;b` INT);", 1, "0:0")]
    [DataRow("CREATE TABLE \"a\"\"b;\" (x);SELECT 1;", 2, "0:0 | 0:25")]
    [DataRow("-- a; b\nSELECT 1; /* ; */ SELECT 2;\n/* multi\n; line */\nSELECT 3", 3, "1:0 | 1:18 | 4:0")]
    [DataRow("SELECT 1 -- not the end;\n;SELECT 2;", 2, "0:0 | 1:1")]
    [DataRow("SELECT 1", 1, "0:0")]
    [DataRow(";;  ;\nSELECT 1;;", 1, "1:0")]
    public void Splits_statements_and_reports_their_zero_based_positions(string sql, int count, string positions)
    {
        IReadOnlyList<SqlStatement> statements = SqlScript.Split(sql);

        Assert.HasCount(count, statements);
        Assert.AreEqual(positions, Positions(statements));
    }

    [TestMethod]
    public void Statement_text_runs_from_its_first_token_to_its_semicolon()
    {
        IReadOnlyList<SqlStatement> statements = SqlScript.Split("-- lead\n  ALTER TABLE notes ADD COLUMN pinned INTEGER; -- tail\nSELECT 1");

        Assert.AreEqual("ALTER TABLE notes ADD COLUMN pinned INTEGER;", statements[0].Text);
        Assert.AreEqual("SELECT 1", statements[1].Text, "a missing final ';' still ends the last statement");
        Assert.AreEqual("ALTER", statements[0].Keyword(0));
        Assert.AreEqual("notes", statements[0].Word(2));
        Assert.AreEqual("", statements[1].Word(5));
    }

    [TestMethod]
    [DataRow("SELECT 1;", "0-0")]
    [DataRow("CREATE TABLE a (\n  x INTEGER,\n  y TEXT\n);\nSELECT 1;", "0-3 | 4-4")]
    [DataRow("INSERT INTO t VALUES ('one\ntwo');\n/* c\n */ SELECT 2", "0-1 | 3-3")]
    [DataRow("SELECT 1\n-- trailing\n", "0-2")]
    public void A_statement_knows_its_last_line_as_its_text_spans_it(string sql, string lines)
    {
        IReadOnlyList<SqlStatement> statements = SqlScript.Split(sql);

        Assert.AreEqual(lines, string.Join(" | ", statements.Select(s => $"{s.Line}-{s.EndLine}")));
        foreach (SqlStatement s in statements)
        {
            Assert.AreEqual(s.Text.Count(c => c == '\n'), s.EndLine - s.Line, s.Text);
        }
    }

    [TestMethod]
    public void Words_past_the_eighth_are_not_kept_but_a_trigger_still_ends_at_its_own_end()
    {
        const string sql = "CREATE TRIGGER t AFTER INSERT ON a FOR EACH ROW BEGIN UPDATE a SET x = 1; SELECT end_x FROM a; END; SELECT 3;";

        IReadOnlyList<SqlStatement> statements = SqlScript.Split(sql);

        Assert.HasCount(2, statements);
        Assert.HasCount(8, statements[0].Words);
        Assert.AreEqual("SELECT 3;", statements[1].Text);
    }

    [TestMethod]
    public void The_whole_statement_has_every_word_of_a_trigger_body_and_none_of_its_comments()
    {
        const string sql = "CREATE TRIGGER t AFTER INSERT ON a BEGIN /* DELETE FROM b; */ UPDATE a SET x = 'y;z'; -- END;\n DELETE FROM [b]; END; SELECT 3;";

        SqlStatement whole = SqlScript.Split(sql)[0].Whole();

        Assert.AreEqual(
            "CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE a SET x = ' DELETE FROM b END",
            string.Join(' ', whole.Words));
        Assert.AreEqual(SqlScript.Split(sql)[0].Text, whole.Text);
        Assert.IsTrue(whole.Mentions("delete from b"), "the text, comments included, case-insensitive");
    }

    [TestMethod]
    public void Quoted_identifiers_are_words_without_quotes_and_strings_are_a_lone_quote()
    {
        SqlStatement s = SqlScript.Split("INSERT INTO \"my table\" VALUES ('x;y');").Single();
        CollectionAssert.AreEqual(new[] { "INSERT", "INTO", "my table", "VALUES", "(", "'", ")" }, s.Words.ToArray());
    }

    [TestMethod]
    public void Keywords_and_punctuation_are_shared_strings_and_other_words_keep_their_text()
    {
        IReadOnlyList<SqlStatement> statements = SqlScript.Split("CREATE TABLE a (x INTEGER);\ncreate table b (y);\nCREATE TABLE a2 (z);");
        CollectionAssert.AreEqual(new[] { "create", "table", "b", "(", "y", ")" }, statements[1].Words.ToArray());
        // One string per keyword and per punctuation character, whichever statement it came from.
        Assert.AreSame(statements[0].Words[0], statements[2].Words[0]);
        Assert.AreSame(statements[0].Words[3], statements[1].Words[3]);
        Assert.AreSame(statements[0].Words[5], SqlScript.Split("SELECT 1 FROM t WHERE c INTEGER;")[0].Words[6]);
        // Identifiers are their own text, not a keyword that merely differs in case.
        Assert.AreEqual("a2", statements[2].Words[2]);
        Assert.AreEqual("Table", SqlScript.Split("CREATE Table t (x);")[0].Words[1]);
    }

    [TestMethod]
    [DataRow("CREATE TABLE a (x);\n  -- note\n  INSERT INTO a VALUES ('x;y');\nSELECT 1")]
    [DataRow("SELECT 1; /* runs past the end")]
    [DataRow("SELECT 'unterminated")]
    [DataRow("-- only a comment")]
    [DataRow("CREATE TRIGGER t AFTER INSERT ON a BEGIN\n  SELECT 1;\nEND;")]
    public void A_range_of_a_text_splits_as_the_same_sql_on_its_own(string sql)
    {
        // The SQL sits in a larger text (as a block's body in its ledger), and what follows it must not be read:
        // the closing comment and quote and the next statement outside the range.
        string text = "```sql\n-- [user:a→b:start]\n" + sql + "\n*/ 'x' ; DROP TABLE z;\n```";
        int start = text.IndexOf(sql, StringComparison.Ordinal);

        IReadOnlyList<SqlStatement> alone = SqlScript.Split(sql), inRange = SqlScript.Split(text, start, sql.Length);

        Assert.HasCount(alone.Count, inRange);
        foreach ((SqlStatement a, SqlStatement r) in alone.Zip(inRange))
        {
            Assert.AreEqual(a.Text, r.Text);
            Assert.AreEqual((a.Line, a.Column, a.EndLine), (r.Line, r.Column, r.EndLine));
            CollectionAssert.AreEqual(a.Words.ToArray(), r.Words.ToArray());
        }
    }

    [TestMethod]
    public void A_range_outside_the_text_is_refused()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SqlScript.Split("SELECT 1;", 5, 10));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SqlScript.Split("SELECT 1;", -1, 2));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SqlScript.Split("SELECT 1;", 2, -1));
    }

    [TestMethod]
    public void A_trigger_body_is_part_of_one_statement()
    {
        const string sql = """
            CREATE TRIGGER notes_touch AFTER UPDATE ON notes
            BEGIN
              UPDATE notes SET updated_at = datetime('now') WHERE id = NEW.id;
              INSERT INTO note_log (note_id, what) VALUES (NEW.id, 'updated; again');
            END;
            CREATE INDEX idx_notes_updated ON notes(updated_at);
            """;

        IReadOnlyList<SqlStatement> statements = SqlScript.Split(sql);

        Assert.HasCount(2, statements);
        Assert.StartsWith("CREATE TRIGGER notes_touch", statements[0].Text);
        Assert.EndsWith("END;", statements[0].Text);
        Assert.AreEqual("5:0", Positions([statements[1]]));
    }

    [TestMethod]
    public void A_case_end_inside_a_trigger_does_not_end_it()
    {
        const string sql = """
            CREATE TRIGGER tasks_status AFTER UPDATE OF done ON tasks
            BEGIN
              UPDATE tasks SET status = CASE WHEN NEW.done THEN 'done' ELSE 'open' END WHERE id = NEW.id;
              SELECT CASE WHEN NEW.done > 1 THEN RAISE(ABORT, 'bad') END;
            END;
            SELECT 1;
            """;

        IReadOnlyList<SqlStatement> statements = SqlScript.Split(sql);

        Assert.HasCount(2, statements);
        Assert.AreEqual("0:0 | 5:0", Positions(statements));
    }

    [TestMethod]
    [DataRow("CREATE TEMP TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; SELECT 2; END; SELECT 3;")]
    [DataRow("CREATE TEMPORARY TRIGGER IF NOT EXISTS t AFTER INSERT ON a BEGIN SELECT 1; SELECT 2; END; SELECT 3;")]
    [DataRow("create trigger t after insert on a begin select 1; select 2; end; select 3;")]
    [DataRow("CREATE TRIGGER IF NOT EXISTS \"t;\" AFTER INSERT ON a BEGIN SELECT 'END;'; SELECT 2; END; SELECT 3;")]
    public void Temp_and_lower_case_triggers_are_one_statement(string sql)
    {
        IReadOnlyList<SqlStatement> statements = SqlScript.Split(sql);

        Assert.HasCount(2, statements);
        Assert.AreEqual("SELECT 3;", statements[1].Text, ignoreCase: true);
    }

    [TestMethod]
    public void A_trigger_without_its_final_semicolon_runs_to_the_end()
    {
        IReadOnlyList<SqlStatement> statements = SqlScript.Split("CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; END");
        Assert.HasCount(1, statements);
    }

    [TestMethod]
    public void Words_named_like_trigger_do_not_start_a_trigger()
    {
        IReadOnlyList<SqlStatement> statements = SqlScript.Split("CREATE TABLE trigger_log (a); SELECT 1; END_X; SELECT 2;");
        Assert.HasCount(4, statements);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("   \n\t\n")]
    [DataRow("-- No system database changes for this migration")]
    [DataRow("\n-- ALTER TABLE memories DROP COLUMN full_conversation_history;\n\n-- DROP TABLE x;\n")]
    [DataRow("/* DROP TABLE x; */")]
    [DataRow("/* unterminated; comment")]
    [DataRow(";\n;")]
    public void Comment_only_bodies_have_no_statements(string sql)
    {
        Assert.IsEmpty(SqlScript.Split(sql));
    }

    [TestMethod]
    [DataRow("SELECT 'unterminated;")]
    [DataRow("SELECT \"unterminated;")]
    [DataRow("SELECT [unterminated;")]
    public void Unterminated_quotes_run_to_the_end_without_throwing(string sql)
    {
        Assert.HasCount(1, SqlScript.Split(sql));
    }

    [TestMethod]
    [DataRow("SELECT 1;", "SELECT 1")]
    [DataRow("  CREATE TABLE a (\n    x TEXT,\n    y INT\n);\n", "CREATE TABLE a ( x TEXT, y INT )")]
    [DataRow("SELECT 123456789;", "SELECT 1…")]
    public void Abbreviate_collapses_blanks_and_cuts(string statement, string expected)
    {
        int max = expected.EndsWith('…') ? 8 : 120;
        Assert.AreEqual(expected, SqlScript.Abbreviate(statement, max));
    }

    [TestMethod]
    [DataRow("BEGIN;", true)]
    [DataRow("begin transaction;", true)]
    [DataRow("COMMIT;", true)]
    [DataRow("END;", true)]
    [DataRow("ROLLBACK TO s1;", true)]
    [DataRow("SAVEPOINT s1;", true)]
    [DataRow("RELEASE s1;", true)]
    [DataRow("start transaction isolation level serializable;", true)]
    [DataRow("ABORT;", true)]
    [DataRow("PREPARE TRANSACTION 'step-1';", true)]
    [DataRow("COMMIT PREPARED 'step-1';", true)]
    [DataRow("ROLLBACK PREPARED 'step-1';", true)]
    [DataRow("SELECT 'BEGIN';", false)]
    [DataRow("CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; END;", false)]
    [DataRow("SELECT CASE WHEN 1 THEN 'a' END;", false)]
    [DataRow("PREPARE q (int) AS SELECT $1;", false)]
    [DataRow("PREPARE transaction AS SELECT 1;", false)]
    public void A_statement_that_controls_the_transaction_is_known_by_its_first_word(string sql, bool controls)
    {
        Assert.AreEqual(controls, SqlScript.Split(sql).Single().ControlsTransaction);
    }
}
