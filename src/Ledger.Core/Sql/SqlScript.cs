using System.Text;

namespace Ledger.Sql;

/// <summary>
/// Splits SQL text into statements the way SQLite's <c>sqlite3_complete</c> does: a ';' ends a statement unless
/// it is inside a string, a quoted identifier or a comment, or inside the body of a <c>CREATE TRIGGER</c>,
/// which ends only at <c>; END ;</c>. Knows no database; used by the lint rules, the SQL check and the engines,
/// so that a failing statement is reported at its own line.
/// </summary>
public static class SqlScript
{
    private const int MaxWords = 8;

    /// <summary>These rules as an <see cref="IStatementSplitter"/>: what an engine that splits as SQLite does answers with.</summary>
    public static IStatementSplitter Splitter { get; } = new StandardSplitter();

    /// <summary>The statements of <paramref name="sql"/>, in order. A body of only comments and blanks has none.</summary>
    public static IReadOnlyList<SqlStatement> Split(string sql) => Split(sql, 0, sql.Length);

    /// <summary>
    /// The statements of the <paramref name="length"/> characters of <paramref name="sql"/> from <paramref name="start"/>
    /// (a block's body within its ledger's text, without copying it out); their lines and columns are counted from
    /// <paramref name="start"/>.
    /// </summary>
    public static IReadOnlyList<SqlStatement> Split(string sql, int start, int length) => Split(sql, start, length, MaxWords);

    /// <summary>
    /// Every significant token of the <paramref name="length"/> characters of <paramref name="sql"/> from
    /// <paramref name="start"/> (one statement's text, trigger body included), read as <see cref="SqlStatement.Words"/> are.
    /// </summary>
    internal static IReadOnlyList<string> AllWords(string sql, int start, int length)
    {
        IReadOnlyList<SqlStatement> statements = Split(sql, start, length, int.MaxValue);
        return statements.Count == 1 ? statements[0].Words : [.. statements.SelectMany(s => s.Words)];
    }

    private static IReadOnlyList<SqlStatement> Split(string sql, int start, int length, int maxWords)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, sql.Length - start);
        int end = start + length;
        var statements = new List<SqlStatement>();
        int i = start, line = 0, lineStart = start;
        int first = -1, startLine = 0, startColumn = 0;
        var words = new List<string>(Math.Min(maxWords, 64));
        bool trigger = false;
        // For the trigger rule ("; END ;" ends a trigger): whether the last two significant tokens were ';' and END.
        // Kept as flags so that only a statement's first words are ever made into strings.
        bool prevIsEnd = false, prevIsSemicolon = false, prevPrevIsSemicolon = false;

        // A token starting at `at`; its word is sql[wordStart..wordEnd] (a quoted identifier without its quotes),
        // or `fixedWord` when given.
        void Token(int at, int wordStart, int wordEnd, string? fixedWord = null)
        {
            if (first < 0)
            {
                first = at;
                startLine = line;
                startColumn = at - lineStart;
            }

            if (words.Count < maxWords)
            {
                words.Add(fixedWord ?? SqlWords.Of(sql.AsSpan(wordStart, wordEnd - wordStart)));
                if (words.Count is 3 or 4 && !trigger)
                {
                    trigger = IsCreateTrigger(words);
                }
            }

            prevPrevIsSemicolon = prevIsSemicolon;
            prevIsSemicolon = false;
            prevIsEnd = fixedWord is null && wordEnd - wordStart == 3 && sql.AsSpan(wordStart, 3).Equals("END", StringComparison.OrdinalIgnoreCase);
        }

        void End(int endExclusive)
        {
            statements.Add(new SqlStatement(sql, first, endExclusive - first, startLine, startColumn, line, words.ToArray()));
            first = -1;
            words.Clear();
            trigger = false;
            prevIsEnd = prevIsSemicolon = prevPrevIsSemicolon = false;
        }

        while (i < end)
        {
            char c = sql[i];
            switch (c)
            {
                case '\n':
                    i++;
                    line++;
                    lineStart = i;
                    continue;
                case ' ' or '\t' or '\r' or '\f' or '\v':
                    i++;
                    continue;
                case '-' when i + 1 < end && sql[i + 1] == '-':
                    while (i < end && sql[i] != '\n') i++;
                    continue;
                case '/' when i + 1 < end && sql[i + 1] == '*':
                {
                    int close = sql.AsSpan(i + 2, end - (i + 2)).IndexOf("*/", StringComparison.Ordinal);
                    int stop = close < 0 ? end : i + 2 + close + 2;
                    CountLines(sql, i, stop, ref line, ref lineStart);
                    i = stop;
                    continue;
                }
                case '\'' or '"' or '`' or '[':
                {
                    char quote = c == '[' ? ']' : c;
                    int at = i;
                    int j = i + 1;
                    while (j < end)
                    {
                        if (sql[j] == quote)
                        {
                            // A doubled quote is an escaped quote (not for [...]).
                            if (quote != ']' && j + 1 < end && sql[j + 1] == quote)
                            {
                                j += 2;
                                continue;
                            }

                            break;
                        }

                        j++;
                    }

                    int stop = Math.Min(j + 1, end);
                    if (c == '\'') Token(at, at, at, "'");
                    else Token(at, at + 1, Math.Min(j, end));
                    CountLines(sql, at, stop, ref line, ref lineStart);
                    i = stop;
                    continue;
                }
                case ';':
                {
                    if (first < 0)
                    {
                        i++; // an empty statement
                        continue;
                    }

                    // Inside CREATE TRIGGER … BEGIN … END the statement ends only at "; END ;".
                    bool ends = !trigger || (prevIsEnd && prevPrevIsSemicolon);
                    if (ends)
                    {
                        End(i + 1);
                    }
                    else
                    {
                        prevPrevIsSemicolon = prevIsSemicolon;
                        prevIsSemicolon = true;
                        prevIsEnd = false;
                    }

                    i++;
                    continue;
                }
            }

            if (char.IsAsciiLetter(c) || c == '_' || (c > '\x7f' && char.IsLetter(c)))
            {
                int at = i;
                while (i < end && (char.IsAsciiLetterOrDigit(sql[i]) || sql[i] is '_' or '$' || (sql[i] > '\x7f' && char.IsLetterOrDigit(sql[i])))) i++;
                Token(at, at, i);
                continue;
            }

            if (char.IsAsciiDigit(c) || (c > '\x7f' && char.IsDigit(c)))
            {
                int at = i;
                while (i < end && (char.IsAsciiLetterOrDigit(sql[i]) || sql[i] == '.' || (sql[i] > '\x7f' && char.IsLetterOrDigit(sql[i])))) i++;
                Token(at, at, i);
                continue;
            }

            Token(i, i, i + 1);
            i++;
        }

        if (first >= 0)
        {
            End(end);
        }

        return statements;
    }

    private static bool IsCreateTrigger(List<string> words) =>
        Is(words[0], "CREATE") && (Is(words[1], "TRIGGER") || ((Is(words[1], "TEMP") || Is(words[1], "TEMPORARY")) && Is(words[2], "TRIGGER")));

    private static bool Is(string word, string keyword) => word.Equals(keyword, StringComparison.OrdinalIgnoreCase);

    private static void CountLines(string sql, int from, int to, ref int line, ref int lineStart)
    {
        for (int k = from; k < to; k++)
        {
            if (sql[k] == '\n')
            {
                line++;
                lineStart = k + 1;
            }
        }
    }

    /// <summary>Removes a statement's trailing ';' and surrounding blanks, for messages.</summary>
    public static string Abbreviate(string statement, int max = 120)
    {
        var sb = new StringBuilder(Math.Min(statement.Length, max + 1));
        bool space = false;
        foreach (char ch in statement.TrimEnd(';', ' ', '\n', '\r', '\t'))
        {
            if (char.IsWhiteSpace(ch))
            {
                space = sb.Length > 0;
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(ch);
            if (sb.Length > max)
            {
                return sb.ToString(0, max) + "…";
            }
        }

        return sb.ToString();
    }

    private sealed class StandardSplitter : IStatementSplitter
    {
        public IReadOnlyList<SqlStatement> Split(string sql, int start, int length) => SqlScript.Split(sql, start, length);
    }
}
