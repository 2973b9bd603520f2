using Ledger.Sql;

namespace Ledger.Postgres.Sql;

/// <summary>
/// Splits PostgreSQL SQL into statements where the server (and <c>psql</c>) would: a ';' ends a statement unless it is
/// inside a string (<c>'…'</c> with <c>''</c> doubled, <c>E'…'</c> with backslash escapes), a dollar-quoted string
/// (<c>$$…$$</c>, <c>$tag$…$tag$</c>), a quoted identifier (<c>"…"</c>), a comment (<c>--</c>, and <c>/* … */</c>, which
/// nest), parentheses, or the body of a <c>CREATE [OR REPLACE] FUNCTION|PROCEDURE … BEGIN ATOMIC … END</c> (whose
/// <c>CASE … END</c> are counted, as <c>psql</c> does). Statements keep their line and column within the text, so that a
/// failing statement is reported at its own line. Words follow <see cref="SqlStatement.Words"/>: a string literal of any
/// form is a lone quote.
/// </summary>
public sealed class PostgresStatementSplitter : IStatementSplitter
{
    private const int MaxWords = 8;

    private PostgresStatementSplitter()
    {
    }

    /// <summary>The one instance (it holds nothing).</summary>
    public static PostgresStatementSplitter Instance { get; } = new();

    /// <inheritdoc />
    public IReadOnlyList<SqlStatement> Split(string sql, int start, int length) => Split(sql, start, length, MaxWords);

    /// <summary>
    /// Every significant token of <paramref name="statement"/> (its function body's words too when it is not dollar-quoted),
    /// read as <see cref="SqlStatement.Words"/> are. For the lint rules, which look past a statement's first words.
    /// </summary>
    public static IReadOnlyList<string> AllWords(SqlStatement statement)
    {
        string text = statement.Text;
        IReadOnlyList<SqlStatement> parts = Split(text, 0, text.Length, int.MaxValue);
        return parts.Count == 1 ? parts[0].Words : [.. parts.SelectMany(p => p.Words)];
    }

    private static IReadOnlyList<SqlStatement> Split(string sql, int start, int length, int maxWords)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, sql.Length - start);
        var state = new State(sql, start, maxWords);
        int end = start + length;
        int i = start;
        while (i < end)
        {
            char c = sql[i];
            switch (c)
            {
                case '\n':
                    i++;
                    state.NewLine(i);
                    continue;
                case ' ' or '\t' or '\r' or '\f' or '\v':
                    i++;
                    continue;
                case '-' when i + 1 < end && sql[i + 1] == '-':
                    while (i < end && sql[i] != '\n') i++;
                    continue;
                case '/' when i + 1 < end && sql[i + 1] == '*':
                    i = state.Skip(i, BlockCommentEnd(sql, i, end));
                    continue;
                case '\'':
                    state.Token(i, "'");
                    i = state.Skip(i, QuotedEnd(sql, i, end, '\'', backslashes: false));
                    continue;
                case '"':
                {
                    int stop = QuotedEnd(sql, i, end, '"', backslashes: false);
                    int inner = stop - 1 > i && sql[stop - 1] == '"' ? stop - 1 : stop;
                    state.Token(i, sql.Substring(i + 1, inner - (i + 1)));
                    i = state.Skip(i, stop);
                    continue;
                }
                case '$' when DollarTagLength(sql, i, end) is int tag and > 0:
                {
                    state.Token(i, "'");
                    int close = sql.AsSpan(i + tag, end - (i + tag)).IndexOf(sql.AsSpan(i, tag), StringComparison.Ordinal);
                    i = state.Skip(i, close < 0 ? end : i + tag + close + tag);
                    continue;
                }
                case '(':
                    state.Parenthesis(i, +1);
                    i++;
                    continue;
                case ')':
                    state.Parenthesis(i, -1);
                    i++;
                    continue;
                case ';':
                    state.Semicolon(i);
                    i++;
                    continue;
            }

            if (char.IsAsciiLetter(c) || c == '_' || (c > '\x7f' && char.IsLetter(c)))
            {
                int at = i;
                while (i < end && (char.IsAsciiLetterOrDigit(sql[i]) || sql[i] is '_' or '$' || (sql[i] > '\x7f' && char.IsLetterOrDigit(sql[i])))) i++;
                // E'…' (backslash escapes), B'…', X'…', N'…': one string constant, its prefix included.
                if (i - at == 1 && i < end && sql[i] == '\'' && char.ToUpperInvariant(c) is 'E' or 'B' or 'X' or 'N')
                {
                    state.Token(at, "'");
                    i = state.Skip(i, QuotedEnd(sql, i, end, '\'', backslashes: char.ToUpperInvariant(c) == 'E'));
                    continue;
                }

                state.Word(at, sql.Substring(at, i - at));
                continue;
            }

            if (char.IsAsciiDigit(c))
            {
                int at = i;
                while (i < end && (char.IsAsciiLetterOrDigit(sql[i]) || sql[i] is '.' or '_')) i++;
                state.Token(at, sql.Substring(at, i - at));
                continue;
            }

            state.Token(i, c.ToString());
            i++;
        }

        return state.Finish(end);
    }

    /// <summary>The end (exclusive) of a quoted run opened at <paramref name="open"/>; a doubled quote (or, with backslashes, \x) stays inside.</summary>
    private static int QuotedEnd(string sql, int open, int end, char quote, bool backslashes)
    {
        int j = open + 1;
        while (j < end)
        {
            char ch = sql[j];
            if (backslashes && ch == '\\')
            {
                j += 2;
                continue;
            }

            if (ch == quote)
            {
                if (j + 1 < end && sql[j + 1] == quote)
                {
                    j += 2;
                    continue;
                }

                return j + 1;
            }

            j++;
        }

        return end;
    }

    /// <summary>The end (exclusive) of a block comment opened at <paramref name="open"/>; PostgreSQL's block comments nest.</summary>
    private static int BlockCommentEnd(string sql, int open, int end)
    {
        int depth = 0;
        int j = open;
        while (j + 1 < end)
        {
            if (sql[j] == '/' && sql[j + 1] == '*')
            {
                depth++;
                j += 2;
            }
            else if (sql[j] == '*' && sql[j + 1] == '/')
            {
                depth--;
                j += 2;
                if (depth == 0) return j;
            }
            else
            {
                j++;
            }
        }

        return end;
    }

    /// <summary>
    /// The length of the dollar-quote delimiter (<c>$$</c> or <c>$tag$</c>) at <paramref name="at"/>, or 0 when there is none
    /// (<c>$1</c> is a parameter; a '$' inside an identifier was read with the identifier).
    /// </summary>
    private static int DollarTagLength(string sql, int at, int end)
    {
        int j = at + 1;
        if (j < end && (char.IsAsciiDigit(sql[j]))) return 0;
        while (j < end && (char.IsAsciiLetterOrDigit(sql[j]) || sql[j] == '_' || (sql[j] > '\x7f' && char.IsLetterOrDigit(sql[j])))) j++;
        return j < end && sql[j] == '$' ? j + 1 - at : 0;
    }

    /// <summary>The statement being read, and those read so far.</summary>
    private sealed class State(string sql, int start, int maxWords)
    {
        private readonly List<SqlStatement> _statements = [];
        private readonly List<string> _words = [];
        private int _line;
        private int _lineStart = start;
        private int _first = -1;
        private int _startLine;
        private int _startColumn;
        private int _parentheses;

        // CREATE [OR REPLACE] FUNCTION|PROCEDURE … BEGIN ATOMIC … END, recognised as psql does.
        private readonly char[] _leading = new char[4];
        private int _identifiers;
        private int _beginDepth;

        public void NewLine(int lineStart)
        {
            _line++;
            _lineStart = lineStart;
        }

        /// <summary>Moves past a run from <paramref name="from"/> to <paramref name="to"/> (a comment, a string), counting its lines.</summary>
        public int Skip(int from, int to)
        {
            for (int k = from; k < to; k++)
            {
                if (sql[k] == '\n') NewLine(k + 1);
            }

            return to;
        }

        public void Token(int at, string word)
        {
            if (_first < 0)
            {
                _first = at;
                _startLine = _line;
                _startColumn = at - _lineStart;
            }

            if (_words.Count < maxWords) _words.Add(word);
        }

        public void Word(int at, string word)
        {
            if (_first < 0)
            {
                Array.Clear(_leading);
                _identifiers = 0;
            }

            Token(at, word);
            if (_identifiers < _leading.Length) _leading[_identifiers] = Lead(word);
            _identifiers++;
            bool routine = _leading[0] == 'c' &&
                (_leading[1] is 'f' or 'p' || (_leading[1] == 'o' && _leading[2] == 'r' && _leading[3] is 'f' or 'p'));
            if (!routine || _parentheses != 0) return;
            if (word.Equals("BEGIN", StringComparison.OrdinalIgnoreCase)) _beginDepth++;
            else if (word.Equals("CASE", StringComparison.OrdinalIgnoreCase) && _beginDepth > 0) _beginDepth++;
            else if (word.Equals("END", StringComparison.OrdinalIgnoreCase) && _beginDepth > 0) _beginDepth--;
        }

        // As psql marks a statement's leading identifiers: the five words of CREATE [OR REPLACE] FUNCTION|PROCEDURE.
        private static char Lead(string word) => word.ToUpperInvariant() switch
        {
            "CREATE" => 'c',
            "OR" => 'o',
            "REPLACE" => 'r',
            "FUNCTION" => 'f',
            "PROCEDURE" => 'p',
            _ => '\0',
        };

        public void Parenthesis(int at, int step)
        {
            Token(at, step > 0 ? "(" : ")");
            _parentheses = Math.Max(0, _parentheses + step);
        }

        public void Semicolon(int at)
        {
            if (_first < 0) return; // an empty statement
            if (_parentheses > 0 || _beginDepth > 0)
            {
                Token(at, ";");
                return;
            }

            End(at + 1);
        }

        public IReadOnlyList<SqlStatement> Finish(int end)
        {
            if (_first >= 0) End(end);
            return _statements;
        }

        private void End(int endExclusive)
        {
            _statements.Add(new SqlStatement(sql, _first, endExclusive - _first, _startLine, _startColumn, _line, _words.ToArray()));
            _first = -1;
            _words.Clear();
            _parentheses = 0;
            _beginDepth = 0;
            _identifiers = 0;
            Array.Clear(_leading);
        }
    }
}
