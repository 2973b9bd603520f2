namespace Ledger.Sql;

/// <summary>One statement of a block's body.</summary>
public sealed class SqlStatement
{
    private readonly string _source;
    private readonly int _start;
    private readonly int _length;
    private string? _text;

    /// <summary>Creates a statement that is <paramref name="source"/>[<paramref name="start"/>..+<paramref name="length"/>].</summary>
    /// <param name="source">The text the statement was split from (a block's body).</param>
    /// <param name="start">Offset of the statement's first token in <paramref name="source"/>.</param>
    /// <param name="length">Length up to and including its ';' (or the end of the source).</param>
    /// <param name="line">0-based line of the first token within <paramref name="source"/>.</param>
    /// <param name="column">0-based column of the first token within its line.</param>
    /// <param name="endLine">0-based line of the statement's last character.</param>
    /// <param name="words">The statement's first significant tokens (see <see cref="Words"/>).</param>
    public SqlStatement(string source, int start, int length, int line, int column, int endLine, IReadOnlyList<string> words)
    {
        _source = source;
        _start = start;
        _length = length;
        Line = line;
        Column = column;
        EndLine = endLine;
        Words = words;
    }

    /// <summary>
    /// The statement as written, from its first token to its ';' (comments before it excluded). Made from the body
    /// when first asked for: reading a ledger needs only the words, and a large ledger has tens of thousands of statements.
    /// </summary>
    public string Text => _text ??= _source.Substring(_start, _length);

    /// <summary>0-based line of the statement's first token within the body.</summary>
    public int Line { get; }

    /// <summary>0-based column of the statement's first token within its line.</summary>
    public int Column { get; }

    /// <summary>0-based line of the statement's last character within the body.</summary>
    public int EndLine { get; }

    /// <summary>
    /// The statement's first significant tokens (up to 8; every one for a statement from <see cref="Whole"/>): words as written,
    /// quoted identifiers unquoted, string literals as a lone quote, punctuation as itself. Enough for the lint rules to recognise a statement.
    /// </summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>
    /// The whole statement as words (see <see cref="Words"/>), a trigger's body included: comments left out, string literals
    /// as a lone quote. Read again from the text when asked for; ask only of statements <see cref="Mentions"/> picks out.
    /// </summary>
    public SqlStatement Whole() =>
        new(_source, _start, _length, Line, Column, EndLine, SqlScript.AllWords(_source, _start, _length));

    /// <summary>True when <paramref name="text"/> occurs in the statement's text (case-insensitive), in a comment or string too.</summary>
    public bool Mentions(string text) => _source.AsSpan(_start, _length).Contains(text, StringComparison.OrdinalIgnoreCase);

    /// <summary>The <paramref name="index"/>-th word, or "" before the start or past the end.</summary>
    public string Word(int index) => (uint)index < (uint)Words.Count ? Words[index] : "";

    /// <summary>The <paramref name="index"/>-th word upper-cased, for comparing with keywords.</summary>
    public string Keyword(int index) => Word(index).ToUpperInvariant();

    /// <summary>
    /// True when the statement opens, ends or marks a transaction, by its first words: <c>BEGIN</c>,
    /// <c>START TRANSACTION</c>, <c>COMMIT</c> (<c>COMMIT PREPARED</c> too), <c>END</c>, <c>ROLLBACK</c> (<c>ROLLBACK TO</c>,
    /// <c>ROLLBACK PREPARED</c>), <c>ABORT</c>, <c>SAVEPOINT</c>, <c>RELEASE</c>, or <c>PREPARE TRANSACTION '…'</c> (not a
    /// prepared statement's <c>PREPARE name AS …</c>). The one list for every engine: a form one engine lacks is a syntax
    /// error there, never another statement. A block must not (LDG016): Ledger runs each step in its own transaction. Only
    /// a statement's first words count, so an <c>END</c> closing a <c>CASE</c>, a trigger's or a function's body is not one.
    /// </summary>
    public bool ControlsTransaction => Keyword(0) switch
    {
        "BEGIN" or "COMMIT" or "END" or "ROLLBACK" or "ABORT" or "SAVEPOINT" or "RELEASE" => true,
        "START" => Keyword(1) == "TRANSACTION",
        "PREPARE" => Keyword(1) == "TRANSACTION" && Word(2) == "'",
        _ => false,
    };

    /// <summary>
    /// The object named from word <paramref name="at"/> (after <c>DROP TABLE</c>, <c>INTO</c>, <c>ON</c>…): an optional
    /// <c>IF EXISTS</c> or <c>IF NOT EXISTS</c>, then <c>name</c> or <c>schema.name</c>. Words past <see cref="Words"/> read as "".
    /// </summary>
    public (string? Schema, string Name) NameAt(int at)
    {
        if (Keyword(at) == "IF" && Keyword(at + 1) == "EXISTS") at += 2;
        else if (Keyword(at) == "IF" && Keyword(at + 1) == "NOT" && Keyword(at + 2) == "EXISTS") at += 3;
        return Word(at + 1) == "." ? (Word(at), Word(at + 2)) : (null, Word(at));
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
