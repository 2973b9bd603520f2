namespace Ledger.Sql;

/// <summary>One statement of a block's body.</summary>
/// <param name="Text">The statement as written, from its first token to its ';' (comments before it excluded).</param>
/// <param name="Line">0-based line of the statement's first token within the body.</param>
/// <param name="Column">0-based column of the statement's first token within its line.</param>
/// <param name="Words">
/// The statement's first significant tokens (up to 8): words as written,
/// quoted identifiers unquoted, string literals as a lone quote, punctuation as itself. Enough for the lint rules to recognise a statement.
/// </param>
public sealed record SqlStatement(string Text, int Line, int Column, IReadOnlyList<string> Words)
{
    /// <summary>The <paramref name="index"/>-th word, or "" past the end.</summary>
    public string Word(int index) => index < Words.Count ? Words[index] : "";

    /// <summary>The <paramref name="index"/>-th word upper-cased, for comparing with keywords.</summary>
    public string Keyword(int index) => Word(index).ToUpperInvariant();
}
