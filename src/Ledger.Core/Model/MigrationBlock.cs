using Ledger.Diagnostics;
using Ledger.Sql;
using Ledger.Versions;

namespace Ledger.Model;

/// <summary>One tagged block of the ledger: the SQL between a start tag and its end tag, kept verbatim.</summary>
public sealed class MigrationBlock
{
    // The body is _text[_bodyStart.._bodyStart + _bodyLength]: for a block read from a ledger, a range of the ledger's
    // text (statements point into it too), copied out only when Body is asked for; in a 10,000-version ledger the
    // copies were 14 of the 51 MiB a loaded ledger kept.
    private readonly string _text;
    private readonly int _bodyStart;
    private readonly int _bodyLength;
    private string? _body;

    // Computed when first asked for (apply and verify compare it with the journal; lint never needs it), then kept.
    // Two threads asking at once compute the same string, and either may be kept.
    private string? _checksum;

    /// <summary>Creates a block whose body is <paramref name="bodyLength"/> characters of <paramref name="text"/> from <paramref name="bodyStart"/>.</summary>
    internal MigrationBlock(string scope, SemVersion from, SemVersion to, string text, int bodyStart, int bodyLength,
        SourceLocation start, SourceLocation end, int bodyColumnOffset, string? title, string? description)
    {
        Scope = scope;
        From = from;
        To = to;
        _text = text;
        _bodyStart = bodyStart;
        _bodyLength = bodyLength;
        if (bodyStart == 0 && bodyLength == text.Length) _body = text;
        Start = start;
        End = end;
        BodyColumnOffset = bodyColumnOffset;
        Title = title;
        Description = description;
        Statements = SqlScript.Split(text, bodyStart, bodyLength);
        NoTransactionLine = FindDirective(text, bodyStart, bodyLength, Statements);
    }

    /// <summary>The directive line that makes a block run outside a transaction (docs/apply.md, "No-transaction blocks").</summary>
    public const string NoTransactionDirective = "-- ledger:no-transaction";

    /// <summary>
    /// True when the block holds the line <c>-- ledger:no-transaction</c> (<see cref="NoTransactionDirective"/>): its
    /// statements run outside a transaction, one per command, under a session lock, with a <c>started</c> journal row
    /// while they run. The directive is a comment, so it is part of the body and of the checksum like any other line.
    /// </summary>
    public bool NoTransaction => NoTransactionLine >= 0;

    // 0-based body line of the directive, -1 when there is none.
    private int NoTransactionLine { get; }

    /// <summary>
    /// The body line that is the directive: a line of its own (blanks around it allowed, and any number of spaces after
    /// the dashes), outside every statement (a line inside a multi-line string or a statement's comment does not count).
    /// A body without the word <c>ledger:no-transaction</c> is not scanned further: a large ledger's blocks have none.
    /// </summary>
    private static int FindDirective(string text, int start, int length, IReadOnlyList<SqlStatement> statements)
    {
        ReadOnlySpan<char> body = text.AsSpan(start, length);
        if (body.IndexOf("ledger:no-transaction", StringComparison.Ordinal) < 0) return -1;
        int line = 0;
        while (true)
        {
            int end = body.IndexOf('\n');
            ReadOnlySpan<char> content = (end < 0 ? body : body[..end]).Trim();
            if (content.StartsWith("--") && content[2..].TrimStart().SequenceEqual("ledger:no-transaction") &&
                !statements.Any(s => s.Line <= line && line <= s.EndLine))
            {
                return line;
            }

            if (end < 0) return -1;
            body = body[(end + 1)..];
            line++;
        }
    }

    /// <summary>
    /// The statements as <paramref name="splitter"/> reads the body: <see cref="Statements"/> when it is null or splits as
    /// <see cref="SqlScript"/> does; otherwise split again (an engine whose SQL ends statements elsewhere).
    /// </summary>
    public IReadOnlyList<SqlStatement> StatementsBy(IStatementSplitter? splitter) =>
        splitter is null || ReferenceEquals(splitter, SqlScript.Splitter) ? Statements : splitter.Split(_text, _bodyStart, _bodyLength);

    /// <summary>The scope, e.g. <c>system</c> or <c>user</c>.</summary>
    public string Scope { get; }

    /// <summary>The version the edge leaves.</summary>
    public SemVersion From { get; }

    /// <summary>The version the edge reaches.</summary>
    public SemVersion To { get; }

    /// <summary>The lines strictly between the tags, joined with \n, verbatim.</summary>
    public string Body => _body ??= _text.Substring(_bodyStart, _bodyLength);

    /// <summary>The start tag's location.</summary>
    public SourceLocation Start { get; }

    /// <summary>1-based column of the from version's text in the start tag (0 when the block was not read from a tag).</summary>
    public int FromColumn { get; init; }

    /// <summary>1-based column of the to version's text in the start tag (0 when the block was not read from a tag).</summary>
    public int ToColumn { get; init; }

    /// <summary>Where the start tag names <paramref name="version"/> (its from version, else its to version); the tag's start when unknown.</summary>
    public SourceLocation VersionLocation(SemVersion version)
    {
        int column = version == From ? FromColumn : ToColumn;
        return column > 0 ? new SourceLocation(Start.Path, Start.Line, column) : Start;
    }

    /// <summary>The end tag's location.</summary>
    public SourceLocation End { get; }

    /// <summary>0-based column in the file at which body lines start (non-zero inside lists and quotes).</summary>
    public int BodyColumnOffset { get; }

    /// <summary>The nearest heading above the block, or null.</summary>
    public string? Title { get; }

    /// <summary>The <c>**Description**:</c> line under that heading, or null.</summary>
    public string? Description { get; }

    /// <summary>The body's statements.</summary>
    public IReadOnlyList<SqlStatement> Statements { get; }

    /// <summary>The body's checksum, as Model.Checksum computes it.</summary>
    public string Checksum => _checksum ??= Model.Checksum.Of(_text.AsSpan(_bodyStart, _bodyLength));

    /// <summary>True when the edge goes down: a rollback block.</summary>
    public bool IsDown => From > To;

    /// <summary>True when the body holds at least one statement (not only comments and blanks).</summary>
    public bool HasSql => Statements.Count > 0;

    /// <summary>The file location of a statement of this block.</summary>
    public SourceLocation LocationOf(SqlStatement statement) =>
        new(Start.Path, Start.Line + 1 + statement.Line, BodyColumnOffset + statement.Column + 1);

    /// <summary>The edge, e.g. <c>user 0.3.19→0.3.20</c>.</summary>
    public override string ToString() => $"{Scope} {From}→{To}";
}
