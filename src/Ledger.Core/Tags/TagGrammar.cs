using System.Diagnostics.CodeAnalysis;
using Sprache;

namespace Ledger.Tags;

/// <summary>The parts of a tag line as written, before their meaning is checked. Positions are 0-based indexes in the line.</summary>
internal sealed record TagSyntax(
    string Scope, int ScopeIndex,
    string From, int FromIndex,
    string To, int ToIndex,
    string Kind, int KindIndex,
    int DashIndex);

/// <summary>
/// The tag grammar (docs/ledger-format.md), as Sprache parsers:
/// <c>ws* "--" ws* "[" scope ":" from arrow to ":" kind "]" ws*</c>.
/// Scope, versions and kind are read as tokens here and checked for meaning by <see cref="TagLineReader"/>,
/// so that a wrong version gets "invalid version" rather than "expected arrow".
/// </summary>
internal static class TagGrammar
{
    private static readonly Parser<string> Space = Parse.Chars(' ', '\t').Many().Text();

    private static readonly Parser<string> Arrow =
        Parse.String("→").Or(Parse.String("->")).Text().Named("an arrow (→ or ->)");

    private static bool IsTokenChar(char c) => !char.IsWhiteSpace(c) && c is not (':' or '[' or ']' or '→');

    // A version is ASCII (SemVer's characters, or a near-miss such as "v1.0" or "1,0,0" that gets "invalid version"), so a
    // token stops at the first other character: a look-alike arrow ("⇒", "⟶") is then reported where it is, not as a
    // missing arrow after the next version.
    private static bool IsVersionChar(char c) => c < 0x80 && IsTokenChar(c);

    // A version token stops before "->" so that "1.0.0-rc.1->1.0.0" splits at the arrow, not at the pre-release dash.
    private static readonly Parser<string> VersionToken =
        Parse.String("->").Not().Then(_ => Parse.Char(IsVersionChar, "a version character"))
            .AtLeastOnce().Text().Named("a version");

    private static readonly Parser<string> ScopeToken =
        Parse.Char(IsTokenChar, "a scope character").AtLeastOnce().Text().Named("a scope");

    private static readonly Parser<string> KindToken =
        Parse.Char(char.IsLetter, "a letter").AtLeastOnce().Text().Named("'start' or 'end'");

    /// <summary>A whole tag line.</summary>
    public static readonly Parser<TagSyntax> TagLine =
        (from lead in Space
         from dashes in Parse.String("--").Text().Span()
         from gap in Space
         from open in Parse.Char('[').Named("'['")
         from scope in ScopeToken.Span()
         from colon1 in Parse.Char(':').Named("':' after the scope")
         from fromVersion in VersionToken.Span()
         from arrow in Arrow
         from toVersion in VersionToken.Span()
         from colon2 in Parse.Char(':').Named("':' before start/end")
         from kind in KindToken.Span()
         from close in Parse.Char(']').Named("']'")
         from trail in Space
         select new TagSyntax(
             scope.Value, scope.Start.Pos,
             fromVersion.Value, fromVersion.Start.Pos,
             toVersion.Value, toVersion.Start.Pos,
             kind.Value, kind.Start.Pos,
             dashes.Start.Pos)).End();

    /// <summary>Parses a tag line; on failure gives Sprache's expectation and the 0-based index where it failed.</summary>
    public static bool TryParse(string line, out TagSyntax? syntax, out string expectation, out int failIndex)
    {
        if (TryScan(line, out syntax))
        {
            expectation = "";
            failIndex = -1;
            return true;
        }

        IResult<TagSyntax> result = TagLine.TryParse(line);
        if (result.WasSuccessful)
        {
            syntax = result.Value;
            expectation = "";
            failIndex = -1;
            return true;
        }

        syntax = null;
        failIndex = result.Remainder.Position;
        expectation = result.Expectations.FirstOrDefault() ?? "the end of the line";
        return false;
    }

    /// <summary>
    /// The same grammar as <see cref="TagLine"/>, scanned by hand without allocating. Sprache allocates about 40 KB per
    /// tag line (an input and a memo table per character, a formatted message per failed alternative): 1.5 GB and a
    /// third of a second for the 37,000 tags of a 10,000-version ledger. Every well-formed line takes this path; a line
    /// it rejects goes to <see cref="TagLine"/>, which stays the reference grammar and explains the failure.
    /// The grammar has no backtracking (each token is greedy), so one forward scan accepts exactly what it accepts;
    /// <c>TagGrammarTests</c> checks the two against each other.
    /// </summary>
    internal static bool TryScan(string line, [NotNullWhen(true)] out TagSyntax? syntax)
    {
        syntax = null;
        int i = SkipSpace(line, 0);
        if (!line.AsSpan(i).StartsWith("--", StringComparison.Ordinal))
        {
            return false;
        }

        int dash = i;
        i = SkipSpace(line, i + 2);
        if (i >= line.Length || line[i] != '[')
        {
            return false;
        }

        int scope = ++i;
        while (i < line.Length && IsTokenChar(line[i])) i++;
        if (i == scope || i >= line.Length || line[i] != ':')
        {
            return false;
        }

        int scopeEnd = i;
        int from = ++i;
        i = ScanVersion(line, i);
        int fromEnd = i;
        if (i == from)
        {
            return false;
        }

        if (i < line.Length && line[i] == '→') i++;
        else if (i + 1 < line.Length && line[i] == '-' && line[i + 1] == '>') i += 2;
        else return false;

        int to = i;
        i = ScanVersion(line, i);
        int toEnd = i;
        if (i == to || i >= line.Length || line[i] != ':')
        {
            return false;
        }

        int kind = ++i;
        while (i < line.Length && char.IsLetter(line[i])) i++;
        if (i == kind || i >= line.Length || line[i] != ']')
        {
            return false;
        }

        int kindEnd = i;
        if (SkipSpace(line, i + 1) != line.Length)
        {
            return false;
        }

        syntax = new TagSyntax(
            line[scope..scopeEnd], scope,
            line[from..fromEnd], from,
            line[to..toEnd], to,
            line[kind..kindEnd], kind,
            dash);
        return true;
    }

    private static int SkipSpace(string line, int i)
    {
        while (i < line.Length && line[i] is (' ' or '\t')) i++;
        return i;
    }

    /// <summary>As <see cref="VersionToken"/>: version characters, stopping before "->".</summary>
    private static int ScanVersion(string line, int i)
    {
        while (i < line.Length && IsVersionChar(line[i]) && !(line[i] == '-' && i + 1 < line.Length && line[i + 1] == '>')) i++;
        return i;
    }
}
