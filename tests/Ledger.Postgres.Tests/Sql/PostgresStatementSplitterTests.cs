using Ledger.Postgres.Sql;
using Ledger.Sql;

namespace Ledger.Postgres.Tests.Sql;

[TestClass]
public sealed class PostgresStatementSplitterTests
{
    private static IReadOnlyList<SqlStatement> Split(string sql) => PostgresStatementSplitter.Instance.Split(sql, 0, sql.Length);

    private static string Positions(IReadOnlyList<SqlStatement> statements) =>
        string.Join(" | ", statements.Select(s => $"{s.Line}:{s.Column}"));

    [TestMethod]
    [DataRow("CREATE TABLE a (x int);\nCREATE TABLE b (y int);", "0:0 | 1:0")]
    [DataRow("  SELECT 1;  SELECT 2;", "0:2 | 0:13")]
    [DataRow("\n\n    SELECT\n      1;\n", "2:4")]
    [DataRow("SELECT 1;\r\n\r\n  SELECT 2;\r\n", "0:0 | 2:2")]
    [DataRow("SELECT 1", "0:0")]
    [DataRow(";;  ;\nSELECT 1;;", "1:0")]
    [DataRow("-- only a comment; with $$ in it\n/* and ; this */", "")]
    public void Splits_plain_statements_at_their_exact_lines_and_columns(string sql, string positions)
    {
        Assert.AreEqual(positions, Positions(Split(sql)));
    }

    [TestMethod]
    public void A_dollar_quoted_body_without_a_tag_keeps_its_semicolons()
    {
        const string sql = """
            CREATE FUNCTION touch() RETURNS trigger AS $$
            BEGIN
              NEW.updated := now();
              RETURN NEW;
            END;
            $$ LANGUAGE plpgsql;
              SELECT 2;
            """;

        IReadOnlyList<SqlStatement> statements = Split(sql);

        Assert.AreEqual("0:0 | 6:2", Positions(statements));
        Assert.EndsWith("$$ LANGUAGE plpgsql;", statements[0].Text);
        Assert.AreEqual(5, statements[0].EndLine);
    }

    [TestMethod]
    public void A_tagged_dollar_quote_ends_only_at_its_own_tag_so_another_tag_nests_inside_it()
    {
        const string sql = """
            DO $outer$
            BEGIN
              EXECUTE $inner$ SELECT 1; SELECT '$outer' $inner$;
              EXECUTE $$ SELECT 2; $$;
            END
            $outer$;
            SELECT 3;
            """;

        IReadOnlyList<SqlStatement> statements = Split(sql);

        Assert.AreEqual("0:0 | 6:0", Positions(statements));
        Assert.AreEqual("SELECT 3;", statements[1].Text);
    }

    [TestMethod]
    public void A_tag_is_case_sensitive_and_a_dollar_number_is_a_parameter_not_a_quote()
    {
        IReadOnlyList<SqlStatement> statements = Split("SELECT $A$ x; $a$ y; $A$;\nPREPARE p AS SELECT $1; SELECT $2;\nSELECT a$b$c; SELECT 4;");

        Assert.AreEqual("0:0 | 1:0 | 1:24 | 2:0 | 2:14", Positions(statements));
    }

    [TestMethod]
    public void Escape_strings_take_backslash_quotes_and_standard_strings_double_their_quotes()
    {
        const string sql = "SELECT E'it\\'s; \\\\';\nSELECT 'it''s; fine', 'back\\';\nSELECT e'\\\\'; SELECT 'a\nb;c';\nSELECT 5;";

        IReadOnlyList<SqlStatement> statements = Split(sql);

        // 'back\' is a whole standard string: a backslash escapes nothing there.
        Assert.AreEqual("0:0 | 1:0 | 2:0 | 2:14 | 4:0", Positions(statements));
        CollectionAssert.AreEqual(new[] { "SELECT", "'" }, statements[0].Words.ToArray(), "E'…' is one string constant");
    }

    [TestMethod]
    public void A_quoted_identifier_doubles_its_quotes_and_keeps_semicolons()
    {
        IReadOnlyList<SqlStatement> statements = Split("CREATE TABLE \"we;ird\"\"x;\" (\"a;b\" int);SELECT 1;");

        Assert.AreEqual("0:0 | 0:38", Positions(statements));
        Assert.AreEqual("we;ird\"\"x;", statements[0].Word(2));
    }

    [TestMethod]
    public void Block_comments_nest_and_line_comments_hide_semicolons_and_dollars()
    {
        const string sql = "/* outer /* inner; */ still comment; */ SELECT 1;\n-- a; $$ b\nSELECT 2; -- $x$ ;\nSELECT /* ; /* ; */ ; */ 3;";

        IReadOnlyList<SqlStatement> statements = Split(sql);

        Assert.AreEqual("0:40 | 2:0 | 3:0", Positions(statements));
        Assert.AreEqual("SELECT /* ; /* ; */ ; */ 3;", statements[2].Text);
    }

    [TestMethod]
    public void A_begin_atomic_body_ends_at_its_end_with_nested_case_ends_counted()
    {
        const string sql = """
            CREATE OR REPLACE FUNCTION grade(score int) RETURNS text
              LANGUAGE sql
            BEGIN ATOMIC
              SELECT CASE WHEN score > 90 THEN 'A' ELSE CASE WHEN score > 50 THEN 'B' ELSE 'C' END END;
              SELECT 'done';
            END;
            CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); END;
            BEGIN;
            SELECT 1;
            COMMIT;
            """;

        IReadOnlyList<SqlStatement> statements = Split(sql);

        Assert.AreEqual("0:0 | 6:0 | 7:0 | 8:0 | 9:0", Positions(statements));
        Assert.EndsWith("SELECT 'done';\nEND;", statements[0].Text.ReplaceLineEndings("\n"));
        Assert.AreEqual(5, statements[0].EndLine);
    }

    [TestMethod]
    public void Begin_and_end_outside_a_routine_are_ordinary_words()
    {
        IReadOnlyList<SqlStatement> statements = Split("CREATE TABLE t (begin int, \"end\" int); SELECT begin FROM t; END;");

        Assert.AreEqual("0:0 | 0:39 | 0:60", Positions(statements));
    }

    [TestMethod]
    public void A_semicolon_inside_parentheses_does_not_end_the_statement()
    {
        IReadOnlyList<SqlStatement> statements = Split("CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2));\nSELECT 2;");

        Assert.AreEqual("0:0 | 1:0", Positions(statements));
    }

    [TestMethod]
    public void An_unterminated_quote_or_comment_runs_to_the_end_as_one_statement()
    {
        Assert.AreEqual("0:0", Positions(Split("SELECT $$ never closed; SELECT 2;")));
        Assert.AreEqual("0:0", Positions(Split("SELECT E'\\';")));
        Assert.AreEqual("0:0", Positions(Split("SELECT 1 /* /* */ ; SELECT 2;")));
    }

    [TestMethod]
    public void Words_are_the_first_tokens_with_strings_as_a_lone_quote_and_all_words_reach_the_end()
    {
        SqlStatement statement = Split("CREATE INDEX CONCURRENTLY IF NOT EXISTS ix ON public.notes (topic) WHERE topic <> $$x$$;")[0];

        CollectionAssert.AreEqual(new[] { "CREATE", "INDEX", "CONCURRENTLY", "IF", "NOT", "EXISTS", "ix", "ON" }, statement.Words.ToArray());
        IReadOnlyList<string> all = PostgresStatementSplitter.AllWords(statement);
        CollectionAssert.AreEqual(new[] { "public", ".", "notes", "(", "topic", ")", "WHERE", "topic", "<", ">", "'" }, all.Skip(8).ToArray());
    }

    [TestMethod]
    public void Splitting_a_range_counts_lines_and_columns_from_its_start()
    {
        const string text = "ignored; text\nSELECT 1;\n  SELECT 2;\nignored";
        int start = text.IndexOf("SELECT 1", StringComparison.Ordinal);

        IReadOnlyList<SqlStatement> statements = PostgresStatementSplitter.Instance.Split(text, start, text.LastIndexOf('\n') - start);

        Assert.AreEqual("0:0 | 1:2", Positions(statements));
        Assert.AreEqual("SELECT 2;", statements[1].Text);
    }
}
